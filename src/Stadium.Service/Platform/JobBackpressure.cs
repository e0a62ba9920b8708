using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Jobs;

namespace Stadium.Service.Platform;

/// <summary>
/// How an endpoint says the queue behind it is full: 503 when the job type's bound is reached (everyone
/// waits), 429 when only this user's bound is (they wait), both with Retry-After, both counted in
/// stadium.jobs.rejected.
/// </summary>
public static class JobBackpressure
{
    public const int TypeFullRetryAfterSeconds = 5;
    public const int UserFullRetryAfterSeconds = 30;

    public static ProblemHttpResult Refused(HttpResponse response, EnqueueOutcome outcome, string what)
    {
        if (outcome == EnqueueOutcome.UserFull)
        {
            response.Headers.RetryAfter = UserFullRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many pending " + what,
                detail: $"You have as many {what} in progress as allowed; retry after the number of seconds in Retry-After.");
        }

        response.Headers.RetryAfter = TypeFullRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue full",
            detail: $"The {what} backlog is at its bound; nothing was queued. Retry after the number of seconds in Retry-After.");
    }
}
