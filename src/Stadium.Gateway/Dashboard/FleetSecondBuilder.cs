using System.Globalization;
using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// Turns one round of scrapes into a <see cref="FleetSecond"/>: counters become rates against each node's previous
/// scrape (a counter that went down means the process restarted, and its new value is the delta), histograms become the
/// window's quantiles, gauges are read as they are. Only the API's routes (<c>/v1/...</c>) count as endpoints, so the
/// dashboard's own scrapes and health probes never show up as traffic. Not thread-safe: the sampler calls it in turn.
/// </summary>
internal sealed class FleetSecondBuilder
{
    private const string Durations = "http_server_request_duration_seconds";
    private const string BreakerState = "stadium_protection_dependency_breaker_state";
    private static readonly string[] BreakerStates = ["closed", "half-open", "open", "isolated"];

    private readonly Dictionary<string, MetricsScrape> _previous = new(StringComparer.Ordinal);
    private MetricsScrape? _previousGateway;
    private long _seq;

    public FleetSecond Next(FleetLayout layout, IReadOnlyList<NodeReading> readings, MetricsScrape? gateway, IReadOnlyList<ScalingDecision> decisions, DateTimeOffset at)
    {
        var endpoints = new Dictionary<string, EndpointTally>(StringComparer.Ordinal);
        var nodes = new List<NodeSecond>();
        double cacheHits = 0, cacheLookups = 0;
        var gatewayWindow = Window(gateway, _previousGateway);
        foreach (var reading in readings)
        {
            var key = reading.Member.Name + " " + reading.Member.Url;
            var now = reading.Scrape;
            var before = _previous.GetValueOrDefault(key);
            var window = Window(now, before);
            double requests = 0;
            double? cpu = null;
            if (window is { } w)
            {
                requests = AddEndpoints(w.Now, w.Before, w.Seconds, endpoints);
                cacheHits += Delta(w, "stadium_cache_requests_total", s => s.Label("result") == "hit");
                cacheLookups += Delta(w, "stadium_cache_requests_total");
                cpu = Delta(w, "dotnet_process_cpu_time_seconds_total") / w.Seconds;
            }

            if (now is not null)
            {
                _previous[key] = now;
            }

            var inFlight = gateway?.Value("stadium_gateway_in_flight", s => s.Label("node") == reading.Member.Name);
            nodes.Add(new NodeSecond(
                reading.Member.Name, reading.Member.Role, reading.Member.State, reading.Ready, now is not null, cpu, layout.CpuLimit,
                now?.Value("dotnet_process_memory_working_set_bytes"), layout.MemoryLimit, inFlight, requests));
        }

        var seen = readings.Select(r => r.Member.Name + " " + r.Member.Url).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _previous.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _previous.Remove(gone);
        }

        var scraped = readings.Select(r => r.Scrape).OfType<MetricsScrape>().ToList();
        var all = new HistogramBuckets(endpoints.Values.SelectMany(e => e.Buckets));
        var second = new FleetSecond(
            ++_seq,
            at,
            endpoints.Values.Sum(e => e.PerSecond),
            gatewayWindow is { } g ? Delta(g, "stadium_gateway_requests_total") / g.Seconds : null,
            endpoints.Values.Sum(e => e.Errors) + (gatewayWindow is { } ge ? Delta(ge, "stadium_gateway_requests_total", s => s.Label("code") is "502" or "504") / ge.Seconds : 0),
            endpoints.Values.Sum(e => e.Shed),
            endpoints.Values.Sum(e => e.RateLimited),
            EndpointTally.Ms(all, 0.50),
            EndpointTally.Ms(all, 0.95),
            EndpointTally.Ms(all, 0.99),
            cacheLookups > 0 ? cacheHits / cacheLookups : null,
            Largest(scraped, s => s.Series("stadium_jobs_depth").Any() ? s.Sum("stadium_jobs_depth") : null),
            Largest(scraped, s => s.Series("stadium_jobs_oldest_age_seconds").Select(x => (double?)x.Value).Max()),
            Largest(scraped, s => s.Series("stadium_db_replica_lag_time_seconds").Select(x => (double?)x.Value).Max()),
            [.. endpoints.Values.Select(e => e.ToSecond()).OrderByDescending(e => e.RequestsPerSecond).ThenBy(e => e.Name, StringComparer.Ordinal)],
            Breakers(scraped),
            nodes,
            decisions);
        _previousGateway = gateway ?? _previousGateway;
        return second;
    }

    /// <summary>Adds a node's requests per endpoint and status over the window; returns the node's requests per second.</summary>
    private static double AddEndpoints(MetricsScrape now, MetricsScrape before, double seconds, Dictionary<string, EndpointTally> endpoints)
    {
        static bool Api(MetricSample s) => s.Label("http_route")?.StartsWith("/v1", StringComparison.Ordinal) == true;
        static string Key(MetricSample s) => $"{s.Label("http_request_method")} {s.Label("http_route")} {s.Label("http_response_status_code")}";

        var earlier = before.Series(Durations + "_count", Api).GroupBy(Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);
        double total = 0;
        foreach (var series in now.Series(Durations + "_count", Api).GroupBy(Key))
        {
            var first = series.First();
            var count = series.Sum(s => s.Value);
            var delta = count - earlier.GetValueOrDefault(series.Key);
            delta = delta < 0 ? count : delta;
            if (delta <= 0)
            {
                continue;
            }

            bool Same(MetricSample s) => Api(s) && Key(s) == series.Key;
            var name = $"{first.Label("http_request_method")} {first.Label("http_route")}";
            var code = int.TryParse(first.Label("http_response_status_code"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
            if (!endpoints.TryGetValue(name, out var tally))
            {
                endpoints[name] = tally = new EndpointTally(name);
            }

            tally.Add(code, delta / seconds, now.Histogram(Durations, Same).Since(before.Histogram(Durations, Same)));
            total += delta / seconds;
        }

        return total;
    }

    private static List<BreakerSecond> Breakers(IReadOnlyList<MetricsScrape> scrapes) =>
        [.. scrapes.SelectMany(s => s.Series(BreakerState))
            .Where(s => s.Label("dependency") is not null)
            .GroupBy(s => s.Label("dependency")!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new BreakerSecond(g.Key, BreakerStates[(int)Math.Clamp(g.Max(s => s.Value), 0, 3)], g.Count(s => s.Value > 0)))];

    private static double? Largest(IReadOnlyList<MetricsScrape> scrapes, Func<MetricsScrape, double?> read) =>
        scrapes.Select(read).Where(v => v is { } x && double.IsFinite(x)).Max();

    private static (MetricsScrape Now, MetricsScrape Before, double Seconds)? Window(MetricsScrape? now, MetricsScrape? before) =>
        now is not null && before is not null && (now.At - before.At).TotalSeconds is var seconds && seconds > 0 ? (now, before, seconds) : null;

    private static double Delta((MetricsScrape Now, MetricsScrape Before, double Seconds) window, string name, Func<MetricSample, bool>? where = null)
    {
        var now = window.Now.Sum(name, where);
        var delta = now - window.Before.Sum(name, where);
        return delta < 0 ? now : delta;
    }
}
