using Stadium.Protection.Scraping;

namespace Stadium.Scaling.Signals;

/// <summary>
/// A process's latest scrape and the one taken about a window earlier (null until one is that old): counters and
/// histograms are read as their increase between the two, gauges from the latest.
/// </summary>
internal sealed record ScrapePair(MetricsScrape Now, MetricsScrape? Before)
{
    public double Seconds => Before is null ? 0 : (Now.At - Before.At).TotalSeconds;

    /// <summary>A counter's increase over the window; a process that restarted in between counts from zero.</summary>
    public double? Increase(string name, Func<Protection.Scraping.MetricSample, bool>? where = null)
    {
        if (Before is null || Seconds <= 0)
        {
            return null;
        }

        var now = Now.Sum(name, where);
        var before = Before.Sum(name, where);
        return now >= before ? now - before : now;
    }

    /// <summary>A histogram's observations over the window.</summary>
    public HistogramBuckets? Since(string name, Func<Protection.Scraping.MetricSample, bool>? where = null) =>
        Before is null ? null : Now.Histogram(name, where).Since(Before.Histogram(name, where));
}
