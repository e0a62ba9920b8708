using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Config;

/// <summary>
/// One entry of a target's `metrics:`: the signal (<see cref="Name"/>), its target, and the signal's own options: the
/// quantile a latency is read at (null: each route's own objective percentile), the job type a queue signal counts
/// (null: all), and KEDA's activation value (above it the target is active and leaves zero replicas).
/// </summary>
public sealed record MetricSpec(string Name, MetricTarget Target, double? Quantile = null, string? JobType = null, double Activation = 0)
{
    /// <summary>How decisions name this metric: the signal, with its percentile or job type when given (latency-p95).</summary>
    public string Key => Name
        + (Quantile is { } q ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"-p{q * 100:0.#}") : "")
        + (JobType is null ? "" : $"-{JobType}");
}
