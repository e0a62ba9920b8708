namespace Stadium.Scaling.Hpa;

/// <summary>
/// One metric's replica proposal, with the value it saw (per-replica average, or the target's value): or, when the
/// metric could not be turned into a proposal (no data), the problem and no replica count.
/// </summary>
public sealed record MetricProposal(int? Replicas, double? Value, string? Problem = null)
{
    public static MetricProposal Invalid(string problem) => new(null, null, problem);
}
