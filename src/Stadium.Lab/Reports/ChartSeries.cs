using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>One line of a chart: a label and its points (x = second of the run).</summary>
public sealed record ChartLine(string Label, double[] Seconds, double[] Values);

/// <summary>
/// What the report's charts show, apart from how they are drawn. Latency lines have a point only for seconds with
/// successful answers: the figures are of successful answers, so an idle second (a pause between phases, think time)
/// or one whose every request failed has no latency, and drawing it as 0 ms would show a server that got faster.
/// Rates are per second of each bucket's own length, so the run's short tail is not drawn as a collapse.
/// </summary>
public static class ChartSeries
{
    /// <summary>Endpoints drawn on the latency chart beside the overall lines; more would bury them.</summary>
    public const int MostEndpointLines = 8;

    public static IReadOnlyList<ChartLine> Latency(LoadResults results)
    {
        var answered = results.Timeline.Where(b => b.Requests > b.Errors).ToArray();
        var lines = new List<ChartLine>
        {
            Line("all p50", answered, b => b.P50Ms),
            Line("all p99", answered, b => b.P99Ms),
            Line("all p99 uncorrected", answered, b => b.ServiceP99Ms),
        };
        foreach (var name in results.Endpoints.Keys.Take(MostEndpointLines))
        {
            var busy = results.Timeline.Where(b => b.Endpoints.TryGetValue(name, out var e) && e.Requests > e.Errors).ToArray();
            lines.Add(Line($"{name} p99", busy, b => b.Endpoints[name].P99Ms));
        }

        return lines;
    }

    public static ChartLine Throughput(LoadResults results) => Line("requests/s", results.Timeline, b => b.RequestsPerSecond);

    public static ChartLine Errors(LoadResults results) => Line("errors/s", results.Timeline, b => b.ErrorsPerSecond);

    private static ChartLine Line(string label, IReadOnlyCollection<SecondBucket> buckets, Func<SecondBucket, double> value) =>
        new(label, [.. buckets.Select(b => (double)b.Second)], [.. buckets.Select(value)]);
}
