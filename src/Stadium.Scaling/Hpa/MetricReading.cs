namespace Stadium.Scaling.Hpa;

/// <summary>
/// What a signal read this round: either one value per member that reported (by member name; the HPA's per-pod
/// metrics, CPU and memory) or one value for the whole target (its object and external metrics: a latency, a queue).
/// </summary>
public sealed record MetricReading(IReadOnlyDictionary<string, double>? PerReplica, double? Total)
{
    public static MetricReading OfReplicas(IReadOnlyDictionary<string, double> values) => new(values, null);

    public static MetricReading OfTarget(double total) => new(null, total);
}
