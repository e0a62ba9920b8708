using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Spectre.Console.Testing;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// A server that marks some feed answers <c>Stadium-Degraded</c> (served stale while a dependency is down): the lab counts
/// them as successes and says how many there were, per endpoint, per second and in results.json; a failed answer that
/// carries the header is an error, not a degraded success.
/// </summary>
public sealed class DegradedAnswerTests : TempFolderTest, IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _feeds;
    private int _marked;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapPost("/v1/auth/login", () => Results.Json(new { accessToken = "access", refreshToken = "refresh", expiresIn = 900 }));

        // Every third feed answer is stale; every fifth is a 503 that also names the dependency (a failure, not degraded).
        _server.MapGet("/v1/feed", (HttpResponse response) =>
        {
            var n = Interlocked.Increment(ref _feeds);
            if (n % 5 == 0)
            {
                response.Headers["Stadium-Degraded"] = "primary";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            if (n % 3 == 0)
            {
                response.Headers["Stadium-Degraded"] = "cache";
                Interlocked.Increment(ref _marked);
            }

            return Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null });
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Degraded_successes_are_counted_apart_and_failures_with_the_header_stay_errors()
    {
        var scenario = ScenarioLoader.Parse("""
            population: 10
            journey: { readFeed: 1 }
            phases: [{ executor: constant-arrival-rate, rate: 60, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_server.Urls.Single(), null, null));
        var console = new TestConsole().Width(140);
        var resultsPath = Path.Combine(Folder, "results.json");

        var (_, results) = await new LoadJob(console, TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(resultsPath, null, [], Quiet: false), CancellationToken.None);

        var feed = results.Endpoints["feed"];
        Assert.Equal(Volatile.Read(ref _feeds), feed.Requests);
        Assert.True(Volatile.Read(ref _marked) > 5, $"only {_marked} stale answers were sent");
        Assert.Equal(Volatile.Read(ref _marked), feed.Degraded);
        Assert.Equal(feed.Requests / 5, feed.Errors);
        Assert.Equal(feed.Degraded, results.Degraded);
        Assert.Equal(feed.Degraded, results.Timeline.Sum(b => b.Endpoints.TryGetValue("feed", out var s) ? s.Degraded : 0));
        Assert.Equal(feed.Degraded, results.Timeline.Sum(b => b.Degraded));
        Assert.Contains($"{feed.Degraded} of them marked Stadium-Degraded", string.Join(" ", console.Lines), StringComparison.Ordinal);

        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        Assert.Equal(feed.Degraded, written.RootElement.GetProperty("degraded").GetInt64());
        Assert.Equal(feed.Degraded, written.RootElement.GetProperty("endpoints").GetProperty("feed").GetProperty("degraded").GetInt64());
    }
}
