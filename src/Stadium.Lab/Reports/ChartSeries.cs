using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// What the report's charts show, apart from how they are drawn. Latency lines have a point only for seconds with
/// successful answers: the figures are of successful answers, so an idle second (a pause between phases, think time)
/// or one whose every request failed has no latency, and drawing it as 0 ms would show a server that got faster.
/// Rates are per second of each bucket's own length, and each point sits where its bucket ended, so the run's short
/// tail is drawn as what it is (a few milliseconds after the last full second), not as a collapse or a whole second.
/// </summary>
internal static class ChartSeries
{
    /// <summary>
    /// The latency panels: every endpoint together first (p50, p99 and the service-time p99), then one panel per
    /// endpoint group (<see cref="EndpointGroups"/>) with each endpoint's p50, p99 and service-time p99.
    /// </summary>
    public static IReadOnlyList<ChartPanel> LatencyPanels(LoadResults results)
    {
        var ends = Ends(results);
        var answered = results.Timeline.Where(b => b.Requests > b.Errors).ToArray();
        var panels = new List<ChartPanel>
        {
            new("all endpoints", [
                Line("all p50", answered, ends, b => b.P50Ms),
                Line("all p99", answered, ends, b => b.P99Ms),
                Line("all p99 uncorrected", answered, ends, b => b.ServiceP99Ms) with { ServiceTime = true },
            ], results.PhaseMarks) { Bands = results.FaultBands },
        };
        foreach (var (group, endpoints) in EndpointGroups.Arrange(results.Endpoints.Keys))
        {
            var lines = new List<ChartLine>();
            foreach (var name in endpoints)
            {
                var busy = results.Timeline.Where(b => b.Endpoints.TryGetValue(name, out var e) && e.Requests > e.Errors).ToArray();
                lines.Add(Line($"{name} p50", busy, ends, b => b.Endpoints[name].P50Ms));
                lines.Add(Line($"{name} p99", busy, ends, b => b.Endpoints[name].P99Ms));
                lines.Add(Line($"{name} p99 uncorrected", busy, ends, b => b.Endpoints[name].ServiceP99Ms) with { ServiceTime = true });
            }

            panels.Add(new ChartPanel(group, lines, results.PhaseMarks) { Bands = results.FaultBands });
        }

        return panels;
    }

    public static ChartLine Throughput(LoadResults results) => Line("requests/s", results.Timeline, Ends(results), b => b.RequestsPerSecond);

    public static ChartLine Errors(LoadResults results) => Line("errors/s", results.Timeline, Ends(results), b => b.ErrorsPerSecond);

    /// <summary>Each bucket's end, in seconds of the run: the sum of the lengths so far.</summary>
    private static Dictionary<int, double> Ends(LoadResults results)
    {
        var ends = new Dictionary<int, double>();
        var elapsed = 0.0;
        foreach (var bucket in results.Timeline)
        {
            elapsed += bucket.DurationSeconds;
            ends[bucket.Second] = elapsed;
        }

        return ends;
    }

    private static ChartLine Line(string label, IReadOnlyCollection<SecondBucket> buckets, Dictionary<int, double> ends, Func<SecondBucket, double> value) =>
        new(label, [.. buckets.Select(b => ends[b.Second])], [.. buckets.Select(value)]);
}
