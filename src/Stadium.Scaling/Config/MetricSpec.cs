using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Config;

/// <summary>
/// One entry of a target's `metrics:`: the signal (<see cref="Name"/>), its target, and the signal's own options: the
/// quantile a latency is read at (null: each route's own objective percentile), the job type a queue signal counts
/// (null: all), KEDA's activation value (above it the target is active and leaves zero replicas), and whether an
/// in-flight target is per core of a node's CPU limit rather than per node (<see cref="PerCore"/>) and read as the mean
/// over the window rather than the latest sample (<see cref="Mean"/>), and for the latency and error signals the CPU
/// share below which the nodes are not what is slow and the signal only keeps them under it (<see cref="BusyCpu"/>),
/// and whether the metric may only ask for more replicas (<see cref="ScaleOutOnly"/>).
/// </summary>
/// <param name="ScaleOutOnly">
/// A guard, not a measure of load: its proposal counts only when it asks for more than the current count; otherwise the
/// metric has no say (it proposes 0), so a reading that does not fall when replicas are added (memory, whose caches fill
/// each node's budget by design) cannot hold the fleet at its peak size. Plain HPA has no such switch: there a memory
/// metric within its tolerance proposes the current count, and the largest proposal blocks every scale-in.
/// </param>
public sealed record MetricSpec(string Name, MetricTarget Target, double? Quantile = null, string? JobType = null, double Activation = 0, bool PerCore = false, bool Mean = false, double? BusyCpu = null, bool ScaleOutOnly = false)
{
    /// <summary>How decisions name this metric: the signal, with its percentile, job type or per-core unit when given (latency-p95, inFlight-perCore-mean).</summary>
    public string Key => Name
        + (Quantile is { } q ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"-p{q * 100:0.#}") : "")
        + (JobType is null ? "" : $"-{JobType}")
        + (PerCore ? "-perCore" : "")
        + (Mean ? "-mean" : "");
}
