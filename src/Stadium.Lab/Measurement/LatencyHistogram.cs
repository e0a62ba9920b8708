using HdrHistogram;

namespace Stadium.Lab.Measurement;

/// <summary>
/// A lossless latency distribution in microseconds (1 us .. 1 h, 3 significant digits). Distributions
/// add exactly, so per-second, per-endpoint and overall figures all come from the same counts and a
/// p99 can never exceed the max (Locust's worker bucketing did that, locustio/locust#1563).
/// </summary>
internal sealed class LatencyHistogram
{
    public const long HighestMicroseconds = 3_600_000_000;
    public const int SignificantDigits = 3;

    public LatencyHistogram()
        : this(NewCounts())
    {
    }

    internal LatencyHistogram(HistogramBase counts) => Counts = counts;

    internal HistogramBase Counts { get; }

    public long Count => Counts.TotalCount;

    public static HistogramBase NewCounts() => new LongHistogram(1, HighestMicroseconds, SignificantDigits);

    public void Record(long microseconds) => Counts.RecordValue(Math.Clamp(microseconds, 1, HighestMicroseconds));

    public void Add(LatencyHistogram other) => Counts.Add(other.Counts);

    public static LatencyHistogram Merge(IEnumerable<LatencyHistogram> parts)
    {
        var merged = new LatencyHistogram();
        foreach (var part in parts)
        {
            merged.Add(part);
        }

        return merged;
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100) in milliseconds; 0 when empty.</summary>
    public double PercentileMs(double percentile) =>
        Count == 0 ? 0 : Counts.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : Counts.GetMaxValue() / 1000.0;

    public double MeanMs => Count == 0 ? 0 : Counts.GetMean() / 1000.0;

    public LatencySummary Summary() => new(
        PercentileMs(50), PercentileMs(90), PercentileMs(95), PercentileMs(99), PercentileMs(99.9), MaxMs, MeanMs);
}
