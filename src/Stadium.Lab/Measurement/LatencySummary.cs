namespace Stadium.Lab.Measurement;

/// <summary>The usual percentiles of one distribution, in milliseconds.</summary>
internal sealed record LatencySummary(double P50Ms, double P90Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0);
}
