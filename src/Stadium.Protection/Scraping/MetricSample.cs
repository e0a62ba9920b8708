namespace Stadium.Protection.Scraping;

/// <summary>One line of a Prometheus text exposition: a metric name, its labels and its value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The label's value, or null when the sample has no such label.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var value) ? value : null;
}
