using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Data;
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

    /// <summary>
    /// GET on an unsubscribe link (a browser, or a scanner fetching links): a page that asks, and changes nothing. Its
    /// button posts to the link itself (an action of only the query), so it works behind whatever path prefix
    /// <c>Stadium:Email:PublicUrl</c> has.
    /// </summary>
    internal static Results<ContentHttpResult, ProblemHttpResult> ConfirmUnsubscribe(string? token, UnsubscribeLinks links, HttpResponse response)
    {
        KeepPrivate(response);
        return links.UserOf(token) is null
            ? InvalidLink()
            : Page("Stop announcement emails?",
                $"""
                <p>You will no longer get the emails that accounts you follow on Stadium send to their followers.</p>
                <form method="post" action="{HtmlEncoder.Default.Encode("?token=" + token)}">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Stop announcement emails</button>
                </form>
                """);
    }

    /// <summary>POST on an unsubscribe link: RFC 8058's one-click unsubscribe, or the button of the page above.</summary>
    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> Unsubscribe(
        string? token, UnsubscribeLinks links, IUserStore users, HttpResponse response, CancellationToken ct)
    {
        KeepPrivate(response);
        if (links.UserOf(token) is not { } userId)
        {
            return InvalidLink();
        }

        if (await users.SetAnnouncementEmailsAsync(userId, false, ct) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Account not found", detail: "The account this link was made for no longer exists.");
        }

        return Page("Announcement emails are off",
            "<p>You will no longer get announcement emails from the accounts you follow. Turn them on again in your account (PATCH /v1/me/email).</p>");
    }

    /// <summary>
    /// The headers of every answer on a link that carries a token: kept by no cache, the token sent on as no Referer, and
    /// a page that can load nothing, run nothing and post only back here.
    /// </summary>
    private static void KeepPrivate(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private static ProblemHttpResult InvalidLink() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid unsubscribe link",
            detail: "The token is missing, cut short or not one Stadium made; use the whole link from the email.");

    private static ContentHttpResult Page(string title, string body) => TypedResults.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">
        <title>{title}</title></head>
        <body><h1>{title}</h1>
        {body}
        </body></html>
        """,
        "text/html; charset=utf-8");

    internal static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Announcement not found", detail: "No announcement with this id belongs to you.");
}
