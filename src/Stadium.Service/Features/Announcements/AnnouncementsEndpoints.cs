using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

public static class AnnouncementsEndpoints
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public static IEndpointRouteBuilder MapAnnouncements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Announcements").RequireAuthorization();
        group.MapPost("/announcements", Create);
        group.MapGet("/announcements/{id}", Get);
        return app;
    }

    /// <summary>Queues an email from me to every one of my followers; the answer comes before any email is sent.</summary>
    internal static async Task<Results<Accepted<AnnouncementResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateAnnouncementRequest request, ClaimsPrincipal user, HttpResponse response, AnnouncementStore announcements, JobBackpressure backpressure,
        TimeProvider time, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("subject", request.Subject, 1, MaxSubjectLength, singleLine: true);
        errors.CheckText("body", request.Body, 1, MaxBodyLength);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (announcement, outcome) = await announcements.CreateAsync(user.UserId(), request.Subject!, request.Body!, time.GetUtcNow(), ct);
        if (announcement is null)
        {
            // The emails are the work an announcement creates: its batches drain far slower than its fan-out.
            return backpressure.Refused(response, outcome, "announcements", AnnouncementStore.FanOutJob, AnnouncementStore.BatchJob);
        }

        return TypedResults.Accepted($"/v1/announcements/{announcement.Id}", announcement.ToResponse());
    }

    internal static async Task<Results<Ok<AnnouncementResponse>, ProblemHttpResult>> Get(string id, ClaimsPrincipal user, AnnouncementStore announcements, CancellationToken ct)
    {
        if (long.TryParse(id, out var announcementId) && await announcements.GetAsync(announcementId, ct) is { } announcement && announcement.AuthorId == user.UserId())
        {
            return TypedResults.Ok(announcement.ToResponse());
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Announcement not found", detail: "No announcement with this id belongs to you.");
    }
}
