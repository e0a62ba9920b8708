using System.Globalization;

namespace Stadium.Protection.Scraping;

/// <summary>
/// A cumulative Prometheus histogram (`_bucket{le=...}` counts, summed over the series a reader selected), with the
/// quantile estimate Prometheus's `histogram_quantile` makes: linear interpolation inside the bucket the rank falls in,
/// the lower bound of the first bucket taken as 0, and the last finite bound when the rank falls in `+Inf`.
/// </summary>
public sealed class HistogramBuckets
{
    private readonly (double UpperBound, double Count)[] _buckets;

    public HistogramBuckets(IEnumerable<(double UpperBound, double Count)> buckets) =>
        _buckets = buckets.GroupBy(b => b.UpperBound).Select(g => (g.Key, g.Sum(b => b.Count))).OrderBy(b => b.Key).ToArray();

    public IReadOnlyList<(double UpperBound, double Count)> Buckets => _buckets;

    /// <summary>Observations in the histogram (the `+Inf` bucket's count).</summary>
    public double Count => _buckets.Length == 0 ? 0 : _buckets[^1].Count;

    /// <summary>
    /// The observations made between an earlier scrape and this one (each bucket's count less the earlier count). A
    /// process that restarted in between has counts below the earlier ones: then this scrape's own counts are the delta.
    /// </summary>
    public HistogramBuckets Since(HistogramBuckets earlier)
    {
        var before = earlier._buckets.ToDictionary(b => b.UpperBound, b => b.Count);
        var delta = _buckets.Select(b => (b.UpperBound, b.Count - before.GetValueOrDefault(b.UpperBound))).ToArray();
        return delta.Any(b => b.Item2 < 0) ? this : new HistogramBuckets(delta);
    }

    /// <summary>The q-quantile (0..1), or NaN when the histogram is empty.</summary>
    public double Quantile(double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var total = Count;
        if (total <= 0)
        {
            return double.NaN;
        }

        var rank = q * total;
        var lowerBound = 0.0;
        var lowerCount = 0.0;
        foreach (var (upper, count) in _buckets)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(upper))
                {
                    return lowerBound;
                }

                var inBucket = count - lowerCount;
                return inBucket <= 0 ? upper : lowerBound + ((upper - lowerBound) * (rank - lowerCount) / inBucket);
            }

            lowerBound = upper;
            lowerCount = count;
        }

        return lowerBound;
    }

    /// <summary>Reads an `le` label as Prometheus writes it (a number, or `+Inf`).</summary>
    public static double ParseBound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.Parse(le, NumberStyles.Float, CultureInfo.InvariantCulture);
}
