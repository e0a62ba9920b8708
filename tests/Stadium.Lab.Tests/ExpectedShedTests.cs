using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Spectre.Console.Testing;
using Stadium.Lab.Measurement;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// A server that sheds logins (503 + Retry-After) as designed: journeys expect it, so those answers are counted as shed,
/// not as errors, in the console, in results.json and in thresholds; a request list declares it with expect: shed.
/// </summary>
public sealed class ExpectedShedTests : TempFolderTest, IAsyncLifetime
{
    private WebApplication _server = null!;
    private int _logins;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();

        // Every other login is shed, as a server does when a burst outruns its password hashing.
        _server.MapPost("/v1/auth/login", (HttpResponse response) =>
        {
            if (Interlocked.Increment(ref _logins) % 2 == 0)
            {
                response.Headers.RetryAfter = "30";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(new { accessToken = "access", refreshToken = "refresh", expiresIn = 900 });
        });
        _server.MapGet("/v1/feed", () => Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null }));
        _server.MapGet("/busy", (HttpResponse response) =>
        {
            response.Headers.RetryAfter = "1";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        });
        _server.MapGet("/down", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        _server.MapGet("/ok", () => "ok");
        await _server.StartAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Journeys_count_shed_logins_as_shed_and_errors_thresholds_pass()
    {
        var scenario = ScenarioLoader.Parse("""
            population: 20
            journey: { readFeed: 1 }
            thresholds: ["all: errors<0.1%", "login: errors<0.1%"]
            phases: [{ executor: constant-arrival-rate, rate: 40, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_server.Urls.Single(), null, null));
        var console = new TestConsole().Width(120);
        var resultsPath = Path.Combine(Folder, "results.json");

        var (exitCode, results) = await new LoadJob(console, TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(resultsPath, null, [], Quiet: false), CancellationToken.None);

        var login = results.Endpoints["login"];
        Assert.True(login.Shed > 0, "no login was shed");
        Assert.Equal(0, login.Errors);
        Assert.Equal(0, results.Errors);
        Assert.Equal(login.Shed, results.Shed);
        Assert.True(results.BackedOffIterations > 0);
        Assert.Equal(LoadJob.Passed, exitCode);
        Assert.All(results.Thresholds, t => Assert.True(t.Passed, t.Detail));
        Assert.Contains($"{login.Shed} shed as the scenario expects", string.Join(" ", console.Lines), StringComparison.Ordinal);

        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        Assert.Equal(login.Shed, written.RootElement.GetProperty("shed").GetInt64());
        Assert.Equal(login.Shed, written.RootElement.GetProperty("endpoints").GetProperty("login").GetProperty("shed").GetInt64());
        Assert.Equal(0, written.RootElement.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task A_request_list_declares_its_sheds_and_a_503_without_retry_after_stays_an_error()
    {
        var scenario = ScenarioLoader.Parse("""
            requests: [{ name: busy, url: /busy }, { name: down, url: /down }, { name: ok, url: /ok }]
            expect: { shed: [busy, down] }
            phases: [{ executor: constant-arrival-rate, rate: 30, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_server.Urls.Single(), null, null));

        var (_, results) = await new LoadJob(new TestConsole(), TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None);

        Assert.Equal(results.Endpoints["busy"].Requests, results.Endpoints["busy"].Shed);
        Assert.Equal(0, results.Endpoints["busy"].Errors);
        Assert.Equal(results.Endpoints["down"].Requests, results.Endpoints["down"].Errors);
        Assert.Equal(0, results.Endpoints["down"].Shed);
        Assert.Equal(results.Endpoints["down"].Errors, results.Errors);
    }

    [Fact]
    public void Without_a_declaration_a_503_with_retry_after_is_an_error()
    {
        var meter = new LoadMeasurements().Meter(new EndpointDefinition("busy", "GET", "/busy"));

        meter.Record(1_000, 900, 503, ErrorKind.None, 100, 100, retryAfter: true);

        Assert.Equal(1, meter.Errors);
        Assert.Equal(0, meter.Shed);
    }

    [Fact]
    public async Task Expecting_sheds_on_an_endpoint_the_scenario_does_not_have_is_refused_before_traffic()
    {
        var scenario = ScenarioLoader.Parse("""
            requests: [{ name: ok, url: /ok }]
            expect: { shed: [logn] }
            phases: [{ executor: constant-arrival-rate, rate: 10, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_server.Urls.Single(), null, null));

        var error = await Assert.ThrowsAsync<FormatException>(() => new LoadJob(new TestConsole(), TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None));

        Assert.Contains("expect: shed names 'logn'", error.Message, StringComparison.Ordinal);
    }
}
