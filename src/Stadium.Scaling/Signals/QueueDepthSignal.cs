using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Pending jobs (stadium_jobs_depth, of one type or all) against a number per worker, as KEDA's queue scalers do
/// (an AverageValue target: desired = ceil(depth / target)). Every process reports the whole queue, so the largest
/// report among the nodes is the depth (a sum would count it once per node).
/// </summary>
internal sealed class QueueDepthSignal : ISignal
{
    public string Name => "queueDepth";

    public MetricTargetType TargetType => MetricTargetType.AverageValue;

    public string Unit => "pending jobs per worker";

    public IReadOnlyList<string> Options => ["jobType"];

    public MetricReading? Read(SignalContext context, MetricSpec spec) =>
        context.AllNodes.Count == 0
            ? null
            : MetricReading.OfTarget(context.AllNodes.Max(n => n.Now.Sum("stadium_jobs_depth", s => spec.JobType is null || s.Label("type") == spec.JobType)));
}
