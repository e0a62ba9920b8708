using System.Diagnostics.Metrics;

namespace Stadium.Jobs;

/// <summary>
/// The queue's instruments. Depth and oldest-job age per type are the worker autoscaling signal; the
/// rejection counter shows backpressure at work.
/// </summary>
public static class JobMetrics
{
    public const string MeterName = "Stadium.Jobs";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("stadium.jobs.enqueued", "{job}", "Jobs added (their transaction may still roll back).");
    private static readonly Counter<long> Rejected = Meter.CreateCounter<long>("stadium.jobs.rejected", "{job}", "Enqueues refused by a backpressure bound.");
    private static readonly Counter<long> Completed = Meter.CreateCounter<long>("stadium.jobs.completed", "{job}", "Jobs finished successfully.");
    private static readonly Counter<long> Failed = Meter.CreateCounter<long>("stadium.jobs.failed", "{attempt}", "Failed attempts that will be retried.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("stadium.jobs.dead", "{job}", "Jobs that used up their attempts.");
    private static readonly Counter<long> Rescued = Meter.CreateCounter<long>("stadium.jobs.rescued", "{job}", "Jobs whose lease expired (their worker died or stalled).");
    private static readonly Histogram<double> PickupLatency = Meter.CreateHistogram<double>("stadium.jobs.pickup_latency", "s", "From due to claimed.",
        // In seconds: the default buckets (5, 10, 25 ...) would put every pickup in the first one, hiding the 50 ms target.
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    private static volatile IReadOnlyList<(QueueStats Stats, double? DrainPerSecond)> _latest = [];

    static JobMetrics()
    {
        Meter.CreateObservableGauge("stadium.jobs.depth", () => _latest.Select(s => new Measurement<long>(s.Stats.Pending, Tag(s.Stats.Type))), "{job}",
            "Pending (available + running) jobs per type; 0 for a known type with none.");
        Meter.CreateObservableGauge("stadium.jobs.oldest_age", () => _latest.Select(s => new Measurement<double>(s.Stats.OldestDueAge.TotalSeconds, Tag(s.Stats.Type))), "s",
            "How long the oldest due job of each type has waited; 0 when none is waiting.");
        Meter.CreateObservableGauge("stadium.jobs.dead_letters", () => _latest.Select(s => new Measurement<long>(s.Stats.Dead, Tag(s.Stats.Type))), "{job}",
            "Dead jobs kept per type.");
        Meter.CreateObservableGauge("stadium.jobs.drain_rate",
            () => _latest.Where(s => s.DrainPerSecond is not null).Select(s => new Measurement<double>(s.DrainPerSecond!.Value, Tag(s.Stats.Type))), "{job}/s",
            "Jobs of each type finished per second, measured between readings (no series before the first measurement).");
    }

    /// <summary>The last reading (gauge callbacks must not query the database).</summary>
    public static IReadOnlyList<(QueueStats Stats, double? DrainPerSecond)> Latest => _latest;

    public static void Publish(IReadOnlyList<(QueueStats Stats, double? DrainPerSecond)> readings) => _latest = readings;

    internal static void Record(string type, EnqueueResult result)
    {
        switch (result.Outcome)
        {
            case EnqueueOutcome.Enqueued:
                Enqueued.Add(1, Tag(type));
                break;
            case EnqueueOutcome.TypeFull or EnqueueOutcome.UserFull:
                Rejected.Add(1, Tag(type), new KeyValuePair<string, object?>("bound", result.Bound));
                break;
        }
    }

    internal static void RecordEnqueued(string type, int count) => Enqueued.Add(count, Tag(type));

    internal static void RecordCompleted(string type, int count) => Completed.Add(count, Tag(type));

    internal static void RecordFailed(string type, FailOutcome outcome)
    {
        if (outcome == FailOutcome.WillRetry)
        {
            Failed.Add(1, Tag(type));
        }
        else if (outcome == FailOutcome.Dead)
        {
            DeadLettered.Add(1, Tag(type));
        }
    }

    internal static void RecordRescued(IEnumerable<JobRecord> rows)
    {
        foreach (var row in rows)
        {
            Rescued.Add(1, Tag(row.Type));
            if (row.State == JobState.Dead)
            {
                DeadLettered.Add(1, Tag(row.Type));
            }
        }
    }

    internal static void RecordPickup(string type, TimeSpan latency) => PickupLatency.Record(latency.TotalSeconds, Tag(type));

    private static KeyValuePair<string, object?> Tag(string type) => new("type", type);
}
