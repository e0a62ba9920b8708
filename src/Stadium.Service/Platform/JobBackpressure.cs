using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Jobs;

namespace Stadium.Service.Platform;

/// <summary>
/// How an endpoint says the queue behind it is full: 503 when a job type's bound is reached (everyone
/// waits), 429 when only this user's bound is (they wait), both with Retry-After, both counted in
/// stadium.jobs.rejected.
/// </summary>
/// <remarks>
/// Retry-After is the time the workers need to drain the work already due, at the drain rate this process
/// last measured (<see cref="QueueReadings"/>): due jobs / jobs per second, rounded up and held within
/// <see cref="MinRetryAfterSeconds"/>..<see cref="MaxRetryAfterSeconds"/>. That is about when work accepted now
/// would start, so a refused client that comes back then finds the backlog it was refused for gone, and
/// refused clients come back at about the pace the workers make room. With nothing drained while work was due
/// (workers down or stuck) it is the maximum; before any measurement, <see cref="UnmeasuredRetryAfterSeconds"/>.
/// For a request that creates several job types the slowest one decides.
/// </remarks>
internal sealed class JobBackpressure(QueueReadings readings)
{
    public const int MinRetryAfterSeconds = 1;
    public const int MaxRetryAfterSeconds = 300;
    public const int UnmeasuredRetryAfterSeconds = 30;

    /// <summary>Seconds to drain <paramref name="due"/> jobs at <paramref name="drainPerSecond"/> (null: never measured).</summary>
    public static int RetryAfterSeconds(long due, double? drainPerSecond) => drainPerSecond switch
    {
        null => UnmeasuredRetryAfterSeconds,
        <= 0 => MaxRetryAfterSeconds,
        { } rate => (int)Math.Clamp(Math.Ceiling(due / rate), MinRetryAfterSeconds, MaxRetryAfterSeconds),
    };

    /// <summary>The advice for work that creates jobs of <paramref name="jobTypes"/>.</summary>
    public int RetryAfterSeconds(params string[] jobTypes) =>
        jobTypes.Select(type => RetryAfterSeconds(readings.For(type).Due, readings.DrainPerSecond(type))).DefaultIfEmpty(UnmeasuredRetryAfterSeconds).Max();

    /// <param name="what">The feature's plural noun, for the message ("exports").</param>
    /// <param name="jobTypes">The job types the refused request would have created work of.</param>
    public ProblemHttpResult Refused(HttpResponse response, EnqueueOutcome outcome, string what, params string[] jobTypes)
    {
        response.Headers.RetryAfter = RetryAfterSeconds(jobTypes).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (outcome == EnqueueOutcome.UserFull)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many pending " + what,
                detail: $"You have as many {what} in progress as allowed; retry after the number of seconds in Retry-After.");
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Queue full",
            detail: $"The {what} backlog is at its bound; nothing was queued. Retry after the number of seconds in Retry-After.");
    }
}
