using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// How long the oldest due job has waited (stadium_jobs_oldest_age_seconds, of one type or the oldest of all), against
/// a number of seconds (a Value target: the ratio scales the ready workers). Depth alone misses a short queue of slow
/// jobs; age sees the wait users feel.
/// </summary>
internal sealed class QueueAgeSignal : ISignal
{
    public string Name => "queueAge";

    public MetricTargetType TargetType => MetricTargetType.Value;

    public string Unit => "seconds the oldest job has waited";

    public IReadOnlyList<string> Options => ["jobType"];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        var ages = context.AllNodes
            .SelectMany(n => n.Now.Series("stadium_jobs_oldest_age_seconds", s => spec.JobType is null || s.Label("type") == spec.JobType))
            .Select(s => s.Value)
            .ToList();
        return context.AllNodes.Count == 0 ? null : MetricReading.OfTarget(ages.Count == 0 ? 0 : ages.Max());
    }
}
