using Stadium.Protection.Scraping;

namespace Stadium.Lab.Top;

/// <summary>
/// The seed's first measurement from two scrapes of one process's /metrics: the busiest endpoints by requests between
/// them, with latency (request-duration histograms over the same window), average payloads (the body-size histograms'
/// sums over their counts) and store and cache calls per request (stadium_downstream_calls, by kind). A node's metrics
/// are preferred; a process with none but the gateway's (stadium_gateway_*) is read as a gateway. Counters that went
/// down mean the process restarted: the later scrape's own values are then the window.
/// </summary>
internal static class TopCalculator
{
    public const int Rows = 20;

    private const string NodeDurations = "http_server_request_duration_seconds";
    private const string GatewayDurations = "stadium_gateway_request_duration_seconds";

    public static TopTable Compute(MetricsScrape before, MetricsScrape after, string target, int rows = Rows)
    {
        var seconds = Math.Max((after.At - before.At).TotalSeconds, 1e-3);
        var node = after.Series(NodeDurations + "_count", Api).Any();
        var gateway = !node && after.Series(GatewayDurations + "_count").Any();
        var found = node
            ? Endpoints(after, NodeDurations, Api, s => $"{s.Label("http_request_method")} {s.Label("http_route")}")
            : gateway ? Endpoints(after, GatewayDurations, _ => true, s => s.Label("route") ?? "?") : [];
        var measured = found
            .Select(e => Row(before, after, e.Name, e.Where, seconds, node))
            .Where(r => r.Requests > 0)
            .ToList();
        var total = measured.Sum(r => r.RequestsPerSecond);
        var top = measured
            .Select(r => r with { Share = total > 0 ? r.RequestsPerSecond / total : 0 })
            .OrderByDescending(r => r.Requests)
            .ThenBy(r => r.Endpoint, StringComparer.Ordinal)
            .Take(rows)
            .ToList();
        return new TopTable(target, gateway ? "gateway" : "node", after.At, Math.Round(seconds, 3), total, top);
    }

    private static bool Api(MetricSample s) => s.Label("http_route")?.StartsWith("/v1", StringComparison.Ordinal) == true;

    /// <summary>Each endpoint's name and the filter that selects its series (every status code and node).</summary>
    private static List<(string Name, Func<MetricSample, bool> Where)> Endpoints(
        MetricsScrape scrape, string durations, Func<MetricSample, bool> include, Func<MetricSample, string> name) =>
        [.. scrape.Series(durations + "_count", include)
            .Select(name)
            .Distinct(StringComparer.Ordinal)
            .Select(n => (n, (Func<MetricSample, bool>)(s => include(s) && name(s) == n)))];

    private static TopRow Row(MetricsScrape before, MetricsScrape after, string endpoint, Func<MetricSample, bool> where, double seconds, bool node)
    {
        var durations = node ? NodeDurations : GatewayDurations;
        var requests = Delta(before, after, durations + "_count", where);
        var latency = after.Histogram(durations, where).Since(before.Histogram(durations, where));
        return new TopRow(
            endpoint,
            requests,
            requests / seconds,
            0,
            Ms(latency.Quantile(0.50)),
            Ms(latency.Quantile(0.99)),
            node ? PerCall(before, after, "stadium_http_request_body_size_bytes", where) : null,
            node ? PerCall(before, after, "stadium_http_response_body_size_bytes", where) : null,
            node ? PerCall(before, after, "stadium_downstream_calls", s => where(s) && s.Label("kind") == "store") : null,
            node ? PerCall(before, after, "stadium_downstream_calls", s => where(s) && s.Label("kind") == "cache") : null);
    }

    /// <summary>A histogram's average over the window (its sum's delta over its count's), null when it saw nothing.</summary>
    private static double? PerCall(MetricsScrape before, MetricsScrape after, string histogram, Func<MetricSample, bool> where)
    {
        var count = Delta(before, after, histogram + "_count", where);
        return count > 0 ? Delta(before, after, histogram + "_sum", where) / count : null;
    }

    private static double Delta(MetricsScrape before, MetricsScrape after, string name, Func<MetricSample, bool> where)
    {
        var now = after.Sum(name, where);
        var delta = now - before.Sum(name, where);
        return delta < 0 ? now : delta;
    }

    private static double? Ms(double seconds) => double.IsFinite(seconds) ? Math.Round(seconds * 1000, 3) : null;
}
