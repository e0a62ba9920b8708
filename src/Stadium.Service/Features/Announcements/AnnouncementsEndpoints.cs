using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

internal static class AnnouncementsEndpoints
{
    /// <summary>Queues an email from me to every one of my followers; the answer comes before any email is sent.</summary>
    internal static async Task<Results<Accepted<AnnouncementResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateAnnouncementRequest request, ClaimsPrincipal user, HttpResponse response, AnnouncementStore announcements, JobBackpressure backpressure,
        TimeProvider time, CancellationToken ct)
    {
        var (announcement, outcome) = await announcements.CreateAsync(user.UserId(), request.Subject!, request.Body!, time.GetUtcNow(), ct);
        if (announcement is null)
        {
            // The emails are the work an announcement creates: its batches drain far slower than its fan-out.
            return backpressure.Refused(response, outcome, "announcements", AnnouncementStore.FanOutJob, AnnouncementStore.BatchJob);
        }

        return TypedResults.Accepted($"/v1/announcements/{announcement.Id}", announcement.ToResponse());
    }

    internal static async Task<Results<Ok<AnnouncementResponse>, ProblemHttpResult>> Get(long id, ClaimsPrincipal user, AnnouncementStore announcements, CancellationToken ct)
    {
        if (await announcements.GetAsync(id, ct) is { } announcement && announcement.AuthorId == user.UserId())
        {
            return TypedResults.Ok(announcement.ToResponse());
        }

        return NotFound();
    }

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Announcement not found", detail: "No announcement with this id belongs to you.");
}
