using Spectre.Console.Testing;
using Stadium.Lab.Engines;
using Stadium.Lab.Executors;
using Stadium.Lab.Generic;
using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Naming;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// Executors, URL engines and journey actions are chosen by name from one registry each: an unknown name is an error
/// that lists the known ones, never a silent default; the spellings scenarios already use keep working.
/// </summary>
public sealed class NamedRegistryTests : TempFolderTest
{
    [Fact]
    public void An_unknown_executor_is_an_error_listing_the_known_ones()
    {
        var file = ScenarioLoader.Parse("target: http://127.0.0.1\nphases: [ { executor: shared-iterations, duration: 1s } ]\n");

        var error = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(file, new PlanOverrides(null, null, null)));

        Assert.Equal(
            "Unknown executor 'shared-iterations': use constant-arrival-rate, ramping-arrival-rate, constant-users or ramping-users.", error.Message);
    }

    [Theory]
    [InlineData("constant-arrival-rate", "constant-arrival-rate")]
    [InlineData("ramping-arrival-rate", "ramping-arrival-rate")]
    [InlineData("constant-users", "constant-users")]
    [InlineData("ramping-users", "ramping-users")]
    [InlineData("constant-vus", "constant-users")]
    [InlineData(" Ramping-VUs ", "ramping-users")]
    public void Executors_are_found_by_name_alias_and_any_case(string written, string executor) =>
        Assert.Equal(executor, LoadExecutors.Registry.Get(written).Name);

    [Fact]
    public void Every_executor_is_registered_once_and_open_ones_are_the_arrival_rate_ones()
    {
        Assert.Equal(["constant-arrival-rate", "ramping-arrival-rate", "constant-users", "ramping-users"], LoadExecutors.Registry.Names);
        Assert.Equal(["constant-arrival-rate", "ramping-arrival-rate"], LoadExecutors.Registry.All.Where(e => e.IsOpen).Select(e => e.Name));
    }

    [Fact]
    public void Two_choices_under_one_name_are_refused_when_registered()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new NamedRegistry<ILoadExecutor>(
            "executor", [new ConstantUsersExecutor(), new RampingUsersExecutor(), new ConstantUsersExecutor()]));

        Assert.Contains("'constant-users'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_executor_on_the_command_line_is_one_line_and_exit_2()
    {
        var run = await RunScenarioAsync("target: http://127.0.0.1:9\nrequests: [ { url: / } ]\nphases: [ { executor: shared-iterations } ]\n");

        IsBadInput(
            run, "Unknown executor 'shared-iterations': use constant-arrival-rate, ramping-arrival-rate, constant-users or ramping-users.");
    }

    [Fact]
    public async Task An_unknown_engine_is_an_error_listing_the_known_ones_before_any_traffic()
    {
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        // Port 9 on loopback: nothing listens there, and the check comes before anything is sent.
        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunUrlAsync(
            new RequestTemplate("url", "GET", "http://127.0.0.1:9/", [], null), 1, TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(1), 1000,
            allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None, engine: "quic"));

        Assert.Equal("Unknown engine 'quic': use raw or httpclient.", error.Message);
        Assert.Throws<FormatException>(() => LoadJob.PrepareEngine("quic"));
    }

    [Theory]
    [InlineData("raw", "raw", "raw")]
    [InlineData("httpclient", "httpclient", "HttpClient")]
    [InlineData("HttpClient", "httpclient", "HttpClient")]
    public void Engines_are_found_by_name_in_any_case(string written, string engine, string label)
    {
        var found = UrlEngines.Registry.Get(written);

        Assert.Equal(engine, found.Name);
        Assert.Equal(label, found.Label);
        Assert.Equal(["raw", "httpclient"], LoadJob.EngineNames);
    }

    [Fact]
    public void The_raw_engine_hands_https_to_HttpClient_with_a_reason()
    {
        var raw = UrlEngines.Registry.Get("raw");

        Assert.Null(raw.CannotLoad(new Uri("http://127.0.0.1/")));
        Assert.Equal("The raw engine speaks plain HTTP/1.1 only; https goes through HttpClient.", raw.CannotLoad(new Uri("https://127.0.0.1/")));
        Assert.Null(UrlEngines.Fallback.CannotLoad(new Uri("https://127.0.0.1/")));
        Assert.Equal("httpclient", UrlEngines.Fallback.Name);
    }

    [Fact]
    public async Task An_unknown_engine_on_the_command_line_is_one_line_and_exit_2()
    {
        var run = await StadiumCli.RunAsync("load", "url", "http://127.0.0.1:9/", "--engine", "quic", "--duration", "1s");

        IsBadInput(run, "Unknown engine 'quic': use raw or httpclient.", "url");
    }

    [Fact]
    public void An_unknown_journey_action_is_an_error_listing_the_known_ones()
    {
        var error = Assert.Throws<FormatException>(() => JourneyMix.Parse(new Dictionary<string, double> { ["dance"] = 1 }));

        Assert.Equal(
            "Unknown journey action 'dance': use openApp, readFeed, pageFeed, openProfile, userPosts, createPost, follow, unfollow or export.",
            error.Message);
    }

    [Theory]
    [InlineData("openApp", "openApp")]
    [InlineData("login", "openApp")]
    [InlineData("feed", "readFeed")]
    [InlineData(" Read-Feed ", "readFeed")]
    [InlineData("pagefeed", "pageFeed")]
    [InlineData("profile", "openProfile")]
    [InlineData("user-posts", "userPosts")]
    [InlineData("post", "createPost")]
    [InlineData("follow", "follow")]
    [InlineData("unfollow", "unfollow")]
    [InlineData("request-export", "export")]
    public void Journey_actions_are_found_by_name_alias_case_and_dashes(string written, string action) =>
        Assert.Equal(action, JourneyActions.Registry.Get(written).Name);

    [Fact]
    public async Task An_unknown_journey_action_on_the_command_line_is_one_line_and_exit_2()
    {
        var run = await RunScenarioAsync("target: http://127.0.0.1:9\njourney: { readFeed: 1, dance: 1 }\n");

        IsBadInput(run, "Unknown journey action 'dance': use openApp, readFeed, pageFeed, openProfile, userPosts, createPost, follow, unfollow or export.");
    }

    /// <summary>Exit code 2 and the message as the one line the CLI prints.</summary>
    private static void IsBadInput((int ExitCode, string Output) run, string message, string verb = "run")
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"stadium load {verb}: {message.TrimEnd('.')} (see --help)", run.Output.Trim());
    }

    private async Task<(int ExitCode, string Output)> RunScenarioAsync(string yaml)
    {
        var scenario = Path.Combine(Folder, "s.yaml");
        await File.WriteAllTextAsync(scenario, yaml);
        return await StadiumCli.RunAsync("load", "run", scenario);
    }
}
