using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Stadium.Lab.Journeys;
using Stadium.Lab.Ledger;

namespace Stadium.Lab.Tests;

/// <summary>
/// The lab against a real node, through the real command line: a 5-second journey scenario (open then
/// closed phase) run by `stadium load run`, whose results.json as written must carry the fixed fields and
/// per-endpoint request counts equal to what the server itself counted in /metrics, and whose write
/// ledger must read back completely.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public partial class JourneyEndToEndTests(SeededStadiumNode node) : IClassFixture<SeededStadiumNode>
{
    [Fact]
    public async Task Five_second_journey_counts_match_the_servers_own_metrics_and_nothing_is_lost()
    {
        var ledgerPath = Path.Combine(node.DataFolder, "ledger.jsonl");
        var scenarioPath = Path.Combine(node.DataFolder, "scenario.yaml");
        await File.WriteAllTextAsync(scenarioPath, $$"""
            population: {{SeededStadiumNode.Users}}
            connections: 32
            phases:
              - name: arrivals
                executor: constant-arrival-rate
                rate: 60
                duration: 3s
              - name: users
                executor: constant-users
                users: 10
                duration: 2s
                thinkTime: { min: 20ms, max: 100ms }
            """);
        var outputs = Path.Combine(node.DataFolder, "out");
        var resultsPath = Path.Combine(outputs, "results.json");

        // The real command line, as CI runs it: `stadium load run` in its own process, judged by what it wrote.
        var (exitCode, output) = await StadiumCli.RunAsync(
            "load", "run", scenarioPath, "--target", node.Address.ToString(), "--ledger", ledgerPath,
            "--out", resultsPath, "--report", Path.Combine(outputs, "report.html"), "--threshold", "all: errors<5%", "--quiet");

        Assert.True(exitCode == 0, $"stadium load run exited {exitCode}: {output}");
        using var written = JsonDocument.Parse(await File.ReadAllBytesAsync(resultsPath));
        var results = written.RootElement;
        var requests = results.GetProperty("requests").GetInt64();
        Assert.InRange(results.GetProperty("durationSeconds").GetDouble(), 4.5, 8);
        Assert.True(requests > 150, $"only {requests} requests");
        Assert.Equal(requests / results.GetProperty("durationSeconds").GetDouble(), results.GetProperty("requestsPerSecond").GetDouble(), 0.01 * requests);
        var endpoints = results.GetProperty("endpoints").EnumerateObject().ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(requests, endpoints.Values.Sum(e => e.GetProperty("requests").GetInt64()));
        Assert.Equal(results.GetProperty("errors").GetInt64(), endpoints.Values.Sum(e => e.GetProperty("errors").GetInt64()));
        Assert.True(endpoints.ContainsKey("feed") && endpoints.ContainsKey("login"));
        foreach (var (name, endpoint) in endpoints)
        {
            AssertLatencyFields(name, endpoint, "p50Ms", "p90Ms", "p99Ms", "p999Ms", "maxMs");
            AssertLatencyFields(name, endpoint, "uncorrectedP50Ms", "uncorrectedP90Ms", "uncorrectedP99Ms", "uncorrectedP999Ms", "uncorrectedMaxMs");
        }

        var server = await EventuallyAsync(requests);
        foreach (var (name, endpoint) in endpoints)
        {
            var method = endpoint.GetProperty("method").GetString();
            var route = endpoint.GetProperty("route").GetString();
            var counted = server.Where(s => s.Method == method && s.Route == route).Sum(s => s.Count);

            Assert.True(endpoint.GetProperty("requests").GetInt64() == counted, $"{name} ({method} {route}): generator {endpoint.GetProperty("requests")}, server {counted}; server saw {string.Join("; ", server)}");
            foreach (var status in endpoint.GetProperty("statusCodes").EnumerateObject())
            {
                var serverStatus = server.Where(s => s.Method == method && s.Status == status.Name && s.Route == route).Sum(s => s.Count);
                Assert.True(status.Value.GetInt64() == serverStatus, $"{name} status {status.Name}: generator {status.Value}, server {serverStatus}");
            }
        }

        Assert.Contains("data:image/png;base64,", await File.ReadAllTextAsync(Path.Combine(outputs, "report.html")));

        var entries = await WriteLedger.ReadAsync(ledgerPath, CancellationToken.None);
        var created = endpoints.TryGetValue("createPost", out var posts) && posts.GetProperty("statusCodes").TryGetProperty("201", out var c) ? c.GetInt64() : 0;
        Assert.Equal(created, entries.Count);
        using var client = new HttpClient();
        var verdict = await new LedgerVerifier(client, node.Address).VerifyAsync(entries, CancellationToken.None);
        Assert.True(verdict.NothingLost);
        Assert.Equal(entries.Count, verdict.Found);
    }

    [Fact]
    public async Task A_threshold_on_an_endpoint_journeys_do_not_have_exits_2_before_any_traffic()
    {
        var scenarioPath = Path.Combine(node.DataFolder, "typo.yaml");
        await File.WriteAllTextAsync(scenarioPath, "population: 10\nphases: [{ executor: constant-users, users: 2, duration: 2s }]\n");
        var before = (await ScrapeAsync()).Where(s => s.Route == "/v1/auth/login").Sum(s => s.Count);

        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", scenarioPath, "--target", node.Address.ToString(), "--threshold", "fed: p99<50ms", "--quiet");

        Assert.Equal(2, exitCode);
        Assert.Contains("no endpoint 'fed'", output, StringComparison.Ordinal);
        Assert.Equal(before, (await ScrapeAsync()).Where(s => s.Route == "/v1/auth/login").Sum(s => s.Count));
    }

    /// <summary>Each latency field is written, a number, never negative, and the percentiles rise to the max.</summary>
    private static void AssertLatencyFields(string endpoint, JsonElement result, params string[] ascending)
    {
        var values = ascending.Select(field => result.GetProperty(field).GetDouble()).ToArray();
        Assert.True(values.All(v => v >= 0) && values.Zip(values.Skip(1)).All(p => p.First <= p.Second), $"{endpoint}: {string.Join(", ", ascending.Zip(values))}");
    }

    private static readonly HashSet<string> KnownRoutes = [.. StadiumEndpoints.All.Select(e => e.Route), "/v1/posts/{id}", "/metrics"];

    /// <summary>The server records a request's metric just after the response is written, so give the last few a moment.</summary>
    private async Task<IReadOnlyList<ServerCount>> EventuallyAsync(long requests)
    {
        IReadOnlyList<ServerCount> counts = [];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            counts = await ScrapeAsync();
            var relevant = counts.Where(c => KnownRoutes.Contains(c.Route) || c.Method == "POST").Sum(c => c.Count);
            if (relevant >= requests)
            {
                break;
            }

            await Task.Delay(100);
        }

        return counts;
    }

    private async Task<IReadOnlyList<ServerCount>> ScrapeAsync()
    {
        using var client = new HttpClient { BaseAddress = node.Address };
        var text = await client.GetStringAsync("/metrics");
        var counts = new List<ServerCount>();
        foreach (Match line in CountLine().Matches(text))
        {
            var labels = Label().Matches(line.Groups["labels"].Value).ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value);
            counts.Add(new ServerCount(
                labels.GetValueOrDefault("http_request_method", ""),
                labels.GetValueOrDefault("http_route", ""),
                labels.GetValueOrDefault("http_response_status_code", ""),
                long.Parse(line.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return counts;
    }

    private sealed record ServerCount(string Method, string Route, string Status, long Count);

    [GeneratedRegex(@"^http_server_request_duration_seconds_count\{(?<labels>(?:[^""}]|""[^""]*"")*)\} (?<value>[0-9]+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    [GeneratedRegex(@"(?<k>[a-z_]+)=""(?<v>[^""]*)""")]
    private static partial Regex Label();
}

/// <summary>Runs alone, so real-time scheduler tests and this run don't steal each other's two cores.</summary>
[CollectionDefinition(nameof(EndToEndCollection), DisableParallelization = true)]
public sealed class EndToEndCollection;
