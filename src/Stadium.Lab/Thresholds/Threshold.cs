namespace Stadium.Lab.Thresholds;

/// <summary>
/// One condition such as "feed: p99&lt;50ms". Latencies are in milliseconds (corrected figures),
/// error rates are fractions (0.001 for 0.1 %).
/// </summary>
/// <param name="Scope">An endpoint name, or "all".</param>
/// <param name="Percentile">For <see cref="ThresholdMetric.Percentile"/>: 0..100.</param>
internal sealed record Threshold(string Expression, string Scope, ThresholdMetric Metric, double Percentile, Comparison Comparison, double Limit)
{
    public const string AllScope = "all";

    public bool IsMet(double actual) => Comparison switch
    {
        Comparison.Less => actual < Limit,
        Comparison.LessOrEqual => actual <= Limit,
        Comparison.Greater => actual > Limit,
        _ => actual >= Limit,
    };
}
