using System.Globalization;
using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Testing;
using Stadium.Lab.Journeys;
using Stadium.Lab.Ledger;
using Stadium.Lab.Reports;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// The lab against a real node: a 5-second journey scenario (open then closed phase), whose
/// per-endpoint request counts must equal what the server itself counted in /metrics, and whose
/// write ledger must read back completely.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public partial class JourneyEndToEndTests(SeededStadiumNode node) : IClassFixture<SeededStadiumNode>
{
    [Fact]
    public async Task Five_second_journey_counts_match_the_servers_own_metrics_and_nothing_is_lost()
    {
        var ledgerPath = Path.Combine(node.Folder, "ledger.jsonl");
        var scenario = ScenarioLoader.Parse($$"""
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
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(node.Address.ToString(), null, null));
        var job = new LoadJob(new TestConsole(), TimeProvider.System);
        var outputs = Path.Combine(node.Folder, "out");

        var (exitCode, results) = await job.RunScenarioAsync(
            plan, ledgerPath, maxRequests: 100_000, allowRemote: false,
            new OutputOptions(Path.Combine(outputs, "results.json"), Path.Combine(outputs, "report.html"), ["all: errors<5%"], Quiet: true),
            CancellationToken.None);

        Assert.Equal(LoadJob.Passed, exitCode);
        Assert.InRange(results.DurationSeconds, 4.5, 8);
        Assert.True(results.Requests > 150, $"only {results.Requests} requests");
        Assert.Equal(results.Requests, results.Endpoints.Values.Sum(e => e.Requests));
        Assert.True(results.Endpoints.ContainsKey("feed") && results.Endpoints.ContainsKey("login"));

        var server = await EventuallyAsync(results);
        foreach (var (name, endpoint) in results.Endpoints)
        {
            var counted = server.Where(s => s.Method == endpoint.Method && s.Route == endpoint.Route).Sum(s => s.Count);

            Assert.True(endpoint.Requests == counted, $"{name} ({endpoint.Method} {endpoint.Route}): generator {endpoint.Requests}, server {counted}; server saw {string.Join("; ", server)}");
            foreach (var (status, count) in endpoint.StatusCodes)
            {
                var serverStatus = server.Where(s => s.Method == endpoint.Method && s.Status == status && s.Route == endpoint.Route).Sum(s => s.Count);
                Assert.True(count == serverStatus, $"{name} status {status}: generator {count}, server {serverStatus}");
            }
        }

        Assert.True(File.Exists(Path.Combine(outputs, "results.json")));
        Assert.Contains("data:image/png;base64,", await File.ReadAllTextAsync(Path.Combine(outputs, "report.html")));

        var entries = await WriteLedger.ReadAsync(ledgerPath, CancellationToken.None);
        Assert.Equal(results.Endpoints.TryGetValue("createPost", out var posts) ? posts.StatusCodes.GetValueOrDefault("201") : 0, entries.Count);
        using var client = new HttpClient();
        var verdict = await new LedgerVerifier(client, node.Address).VerifyAsync(entries, CancellationToken.None);
        Assert.True(verdict.NothingLost);
        Assert.Equal(entries.Count, verdict.Found);
    }

    private static readonly HashSet<string> KnownRoutes = [.. StadiumEndpoints.All.Select(e => e.Route), "/v1/posts/{id}", "/metrics"];

    /// <summary>The server records a request's metric just after the response is written, so give the last few a moment.</summary>
    private async Task<IReadOnlyList<ServerCount>> EventuallyAsync(LoadResults results)
    {
        IReadOnlyList<ServerCount> counts = [];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            counts = await ScrapeAsync();
            var relevant = counts.Where(c => KnownRoutes.Contains(c.Route) || c.Method == "POST").Sum(c => c.Count);
            if (relevant >= results.Requests)
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
