namespace Stadium.Scaling.Hpa;

/// <summary>
/// What a signal read this round: either one value per member that reported (by member name; the HPA's per-pod
/// metrics, CPU and memory) or one value for the whole target (its object and external metrics: a latency, a queue).
/// </summary>
/// <param name="Detail">What the value is made of, in words, for the decision's explanation (the worst route, ...).</param>
public sealed record MetricReading(IReadOnlyDictionary<string, double>? PerReplica, double? Total, string? Detail = null)
{
    public static MetricReading OfReplicas(IReadOnlyDictionary<string, double> values, string? detail = null) => new(values, null, detail);

    public static MetricReading OfTarget(double total, string? detail = null) => new(null, total, detail);
}
