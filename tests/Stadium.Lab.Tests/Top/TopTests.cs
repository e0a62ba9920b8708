using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Stadium.Lab.Top;
using Stadium.Protection.Scraping;

namespace Stadium.Lab.Tests.Top;

/// <summary>
/// `stadium top` against a real node (`stadium serve` as its own process): the table from two real scrapes with a known
/// number of requests between them, the `--once --json` document from the built CLI, and its one-line errors.
/// </summary>
public sealed class TopTests(ServedNode node) : IClassFixture<ServedNode>
{
    private static readonly string[] RowKeys =
        ["endpoint", "requests", "requestsPerSecond", "share", "p50Ms", "p99Ms", "bytesInPerRequest", "bytesOutPerRequest", "storeCallsPerRequest", "cacheCallsPerRequest"];

    [Fact]
    public async Task The_table_counts_exactly_the_requests_sent_between_two_scrapes_with_their_payloads_and_calls()
    {
        using var client = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(10) };

        // The node's Prometheus exporter answers a scrape within 300 ms of the previous one from its cache, and the
        // class's other test may have scraped (and sent more traffic) just before this one starts.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = MetricsScrape.Parse(await client.GetStringAsync("/metrics"), DateTimeOffset.UtcNow);
        await node.SendProfileReadsAsync(25);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = MetricsScrape.Parse(await client.GetStringAsync("/metrics"), DateTimeOffset.UtcNow);

        var table = TopCalculator.Compute(before, after, node.Address.ToString());

        Assert.Equal("node", table.Source);
        var row = Assert.Single(table.Endpoints, r => r.Endpoint == "GET /v1/users/{username}");
        Assert.Equal(25, row.Requests);
        Assert.Equal(1.0, table.Endpoints.Sum(r => r.Share), 6);
        Assert.True(row.RequestsPerSecond > 0);
        Assert.True(row.P50Ms > 0 && row.P50Ms <= row.P99Ms, $"p50 {row.P50Ms} p99 {row.P99Ms}");
        Assert.Equal(0, row.BytesInPerRequest);
        Assert.True(row.BytesOutPerRequest > 0, "a 404 problem has a body");
        Assert.True(row.StoreCallsPerRequest > 0, $"store calls {row.StoreCallsPerRequest}: a missing profile is looked up in the store");
        Assert.NotNull(row.CacheCallsPerRequest);
        Assert.DoesNotContain(table.Endpoints, r => r.Endpoint.Contains("/metrics", StringComparison.Ordinal) || r.Endpoint.Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Once_json_prints_one_document_with_the_documented_keys()
    {
        using var cli = StadiumCli.Start("top", "--target", node.Address.ToString(), "--once", "--json", "--interval", "2");
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exited = cli.WaitForExitAsync(timeout.Token);

        // Traffic until the CLI has taken both its scrapes, however long it takes to start on a busy machine.
        while (!exited.IsCompleted)
        {
            await node.SendProfileReadsAsync(5);
            await Task.Delay(100);
        }

        await exited;

        Assert.True(cli.ExitCode == 0, await errors);
        using var document = JsonDocument.Parse(await output);
        var root = document.RootElement;
        Assert.Equal(["target", "source", "at", "intervalSeconds", "requestsPerSecond", "endpoints"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("node", root.GetProperty("source").GetString());
        var rows = root.GetProperty("endpoints").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(RowKeys, r.EnumerateObject().Select(p => p.Name)));
        var profile = Assert.Single(rows, r => r.GetProperty("endpoint").GetString() == "GET /v1/users/{username}");
        Assert.True(profile.GetProperty("requests").GetDouble() >= 1, profile.ToString());
    }

    [Theory]
    [InlineData("--interval", "0")]
    [InlineData("--target", "not-a-url")]
    [InlineData("--count", "-1")]
    [InlineData("--once", "--count", "3")]
    public async Task Misuse_is_one_line_and_exit_2(params string[] arguments)
    {
        var (code, output, errors) = await RunAsync(["top", .. arguments]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stadium top: ", line, StringComparison.Ordinal);
        Assert.EndsWith("(see --help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_target_is_one_line_naming_it_and_exit_1()
    {
        var (code, _, errors) = await RunAsync(["top", "--target", "http://127.0.0.1:1", "--once"]);

        Assert.Equal(1, code);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stadium top: cannot read http://127.0.0.1:1/metrics: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_whose_metrics_are_not_stadiums_is_one_line_and_exit_1_not_an_empty_table()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/metrics", () => "hello\n");
        await app.StartAsync();

        var (code, output, errors) = await RunAsync(["top", "--target", app.Urls.Single(), "--once", "--json"]);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("answered, but with no Stadium metrics", line, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Errors)> RunAsync(string[] arguments)
    {
        using var cli = StadiumCli.Start(arguments);
        var output = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await cli.WaitForExitAsync(timeout.Token);
        return (cli.ExitCode, await output, await errors);
    }
}
