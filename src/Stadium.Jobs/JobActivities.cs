using System.Diagnostics;

namespace Stadium.Jobs;

/// <summary>
/// The queue's trace source: one span per job run ("job export.pdf"), with the store calls the handler makes
/// beneath it. With no listener (tracing off, the default) starting a span returns null and costs a check.
/// </summary>
public static class JobActivities
{
    public const string SourceName = "Stadium.Jobs";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? StartRun(ClaimedJob job)
    {
        // A root span: the worker's claim loop is no request, and the job row carries no trace context.
        var activity = Source.StartActivity("job " + job.Type, ActivityKind.Consumer, parentContext: default);
        if (activity is not null)
        {
            activity.SetTag("stadium.job.type", job.Type);
            activity.SetTag("stadium.job.id", job.Id);
            activity.SetTag("stadium.job.attempt", job.Attempt);
        }

        return activity;
    }
}
