namespace Stadium.Protection.Scraping;

/// <summary>
/// What one read of a process's /metrics returned, and when: the queries a reader of Stadium's metrics needs (the
/// autoscaler's signals, `stadium top`, the gateway's dashboard) over the samples. Label filters are predicates so a
/// reader can select by route, status class or node without this type knowing any metric's labels.
/// </summary>
public sealed class MetricsScrape(IReadOnlyList<MetricSample> samples, DateTimeOffset at)
{
    public static MetricsScrape Parse(string text, DateTimeOffset at) => new(PrometheusText.Parse(text), at);

    public IReadOnlyList<MetricSample> Samples { get; } = samples;

    public DateTimeOffset At { get; } = at;

    public IEnumerable<MetricSample> Series(string name, Func<MetricSample, bool>? where = null) =>
        Samples.Where(s => s.Name == name && (where is null || where(s)));

    /// <summary>The sum of the selected series' values (0 when there are none).</summary>
    public double Sum(string name, Func<MetricSample, bool>? where = null) => Series(name, where).Sum(s => s.Value);

    /// <summary>The value of the first selected series, or null when there is none.</summary>
    public double? Value(string name, Func<MetricSample, bool>? where = null) =>
        Series(name, where).Select(s => (double?)s.Value).FirstOrDefault();

    /// <summary>The histogram `name` (without `_bucket`), summed over the selected series.</summary>
    public HistogramBuckets Histogram(string name, Func<MetricSample, bool>? where = null) =>
        new(Series(name + "_bucket", where)
            .Where(s => s.Label("le") is not null)
            .Select(s => (HistogramBuckets.ParseBound(s.Label("le")!), s.Value)));

    /// <summary>The distinct values a label takes over the selected series of `name`.</summary>
    public IReadOnlyList<string> LabelValues(string name, string label, Func<MetricSample, bool>? where = null) =>
        Series(name, where).Select(s => s.Label(label)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
