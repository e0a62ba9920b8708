using Spectre.Console.Testing;
using Stadium.Lab.Generic;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// A threshold that cannot be read or names an endpoint the run does not have stops the run before any traffic is
/// sent (the CLI turns the FormatException into a message and exit code 2), instead of failing after the run.
/// </summary>
public sealed class ThresholdScopeTests
{
    [Theory]
    [InlineData("nope: p99<5ms", "no endpoint 'nope'")]
    [InlineData("all: latency<5ms", "unknown metric 'latency'")]
    public async Task A_url_run_with_a_bad_threshold_sends_nothing(string threshold, string message)
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunUrlAsync(
            new RequestTemplate("url", "GET", server.Url.ToString(), [], null), connections: 2, TimeSpan.FromSeconds(2), rate: null,
            TimeSpan.FromSeconds(5), maxRequests: 1_000, allowRemote: false, new OutputOptions(null, null, [threshold], Quiet: true), CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Accepted);
    }

    [Fact]
    public async Task A_journey_threshold_on_an_endpoint_name_journeys_do_not_have_sends_nothing_and_names_the_right_ones()
    {
        await using var api = await FakeStadiumApi.StartAsync();
        var scenario = ScenarioLoader.Parse("""
            population: 10
            thresholds: ["Feed: p99<50ms"]
            phases: [{ executor: constant-users, users: 2, duration: 2s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(api.Address.ToString(), null, null));
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None));

        Assert.Contains("did you mean 'feed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("createPost", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, api.Calls("login"));
    }

    [Fact]
    public async Task A_request_list_threshold_is_checked_against_the_lists_names()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var scenario = ScenarioLoader.Parse("""
            requests: [{ name: json, url: /json }]
            phases: [{ executor: constant-users, users: 1, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(server.Url.GetLeftPart(UriPartial.Authority), null, null));
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunScenarioAsync(
            plan, null, maxRequests: 1_000, allowRemote: false, new OutputOptions(null, null, ["jsn: errors<1%"], Quiet: true), CancellationToken.None));
        var (exitCode, results) = await job.RunScenarioAsync(
            plan, null, maxRequests: 10, allowRemote: false, new OutputOptions(null, null, ["json: errors<1%"], Quiet: true), CancellationToken.None);

        Assert.Contains("Scopes here: all, json.", error.Message, StringComparison.Ordinal);
        Assert.Equal(LoadJob.Passed, exitCode);
        Assert.Equal(10, results.Requests);
    }
}
