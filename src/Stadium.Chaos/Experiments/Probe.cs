namespace Stadium.Chaos.Experiments;

/// <summary>
/// One check of the steady state. <c>http</c>: a request to <see cref="Url"/> answered with <see cref="Status"/> within
/// <see cref="Latency"/>. <c>metric</c>: the sum of the <see cref="Metric"/> series on <see cref="Url"/> (default
/// /metrics) between <see cref="Min"/> and <see cref="Max"/>. <c>slo</c>: <see cref="Samples"/> requests to
/// <see cref="Url"/> meet the SLO file's latency and error objectives for that route.
/// </summary>
public sealed record Probe(string Name, string Type, string Url, int Line)
{
    public const string Http = "http";
    public const string MetricType = "metric";
    public const string Slo = "slo";

    public static readonly IReadOnlyList<string> Types = [Http, MetricType, Slo];

    public string Method { get; init; } = "GET";

    public int Status { get; init; } = 200;

    public TimeSpan? Latency { get; init; }

    public string? Metric { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public int Samples { get; init; } = 20;

    /// <summary>The SLO file of a <c>slo</c> probe; null for the built-in one.</summary>
    public string? SloFile { get; init; }
}
