using Spectre.Console.Testing;
using Stadium.Lab.Generic;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>Settings out of range are a message naming the setting before any traffic, never an internal exception or an empty "passed" run.</summary>
public class InputCheckTests
{
    [Theory]
    [InlineData("-3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e20")]
    [InlineData("99999999999h")]
    [InlineData("8d")]
    public void Durations_that_are_negative_not_numbers_or_absurdly_long_are_format_errors(string text)
    {
        var error = Assert.Throws<FormatException>(() => DurationText.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_week_is_still_a_duration() => Assert.Equal(TimeSpan.FromDays(7), DurationText.Parse("168h"));

    [Theory]
    [InlineData("rate: -5\n    duration: 2s", "phase1: rate must be above 0")]
    [InlineData("rate: 0\n    duration: 2s", "phase1: rate must be above 0")]
    [InlineData("rate: .nan\n    duration: 2s", "phase1: rate must be above 0")]
    [InlineData("rate: 1e300\n    duration: 2s", "phase1: rate must be above 0 and at most 10,000,000 requests/s (it is 1E+300)")]
    [InlineData("rate: 5\n    duration: 0s", "phase1: duration must be longer than zero")]
    [InlineData("rate: 5\n    duration: 2s\n    maxInFlight: 0", "phase1: maxInFlight must be at least 1")]
    public void Open_phase_settings_out_of_range_name_the_setting(string settings, string message) =>
        AssertPlanFails($"""
            target: http://127.0.0.1:8080
            phases:
              - executor: constant-arrival-rate
                {settings}
            """, message);

    [Theory]
    [InlineData("executor: constant-users\n    users: 0\n    duration: 2s", "phase1: users must be at least 1")]
    [InlineData("executor: constant-users\n    users: -1\n    duration: 2s", "phase1: users must be at least 1")]
    [InlineData("executor: constant-users\n    users: 200000\n    duration: 2s", "phase1: users must be at least 1 and at most 100,000 (it is 200000)")]
    [InlineData("executor: ramping-users\n    startUsers: 200000\n    stages: [ { duration: 1s, target: 3 } ]", "phase1: startUsers must be between 0 and 100,000 (it is 200000)")]
    [InlineData("executor: ramping-users\n    startUsers: -2\n    stages: [ { duration: 1s, target: 3 } ]", "phase1: startUsers must be between 0")]
    [InlineData("executor: ramping-users\n    stages: [ { duration: 1s, target: -3 } ]", "phase1: stage 1 target must be between 0")]
    [InlineData("executor: ramping-arrival-rate\n    stages: [ { duration: 1s, target: -3 } ]", "phase1: stage 1 target must be between 0")]
    [InlineData("executor: ramping-arrival-rate\n    stages: [ { duration: 0s, target: 3 } ]", "phase1: the stages' total duration must be longer than zero")]
    [InlineData("executor: ramping-arrival-rate\n    stages: []", "phase1: ramping-arrival-rate needs 'stages'")]
    [InlineData("executor: ramping-arrival-rate\n    stages: [ { duration: 5s, target: 0 } ]", "sends nothing")]
    public void Phase_settings_out_of_range_name_the_setting(string settings, string message) =>
        AssertPlanFails($"""
            target: http://127.0.0.1:8080
            requests:
              - url: /
            phases:
              - {settings}
            """, message);

    [Theory]
    [InlineData("connections: 0", "connections must be at least 1")]
    [InlineData("connections: 100001", "connections must be at least 1 and at most 100,000 (it is 100001)")]
    [InlineData("population: 0", "population must be at least 1")]
    [InlineData("requestTimeout: 0s", "requestTimeout must be longer than zero")]
    [InlineData("target: not a url", "Target 'not a url' is not an absolute http(s) URL")]
    public void Scenario_settings_out_of_range_name_the_setting(string setting, string message)
    {
        var target = setting.StartsWith("target:", StringComparison.Ordinal) ? "" : "target: http://127.0.0.1:8080\n";
        AssertPlanFails(target + setting + "\nphases: [ { executor: constant-users, users: 1, duration: 1s } ]\n", message);
    }

    [Theory]
    [InlineData("{ minChars: 0 }", "postBodies: minChars must be at least 1")]
    [InlineData("{ minChars: 500, medianChars: 120 }", "postBodies: minChars (500) <= medianChars (120) <= maxChars (2000) does not hold")]
    [InlineData("{ maxChars: 50 }", "medianChars (120) <= maxChars (50) does not hold")]
    [InlineData("{ sigma: -1 }", "postBodies: sigma must be a number of at least 0")]
    public void Post_body_sizes_out_of_order_are_refused(string sizes, string message) =>
        AssertPlanFails($"""
            target: http://127.0.0.1:8080
            postBodies: {sizes}
            """, message);

    [Fact]
    public void Closed_users_beyond_the_population_stop_the_run_before_any_phase_runs()
    {
        // The first phase is fine; the third needs 20 accounts of 10. Checked only on entering the third phase, the run
        // would send the first two phases' traffic, then die with no results written.
        AssertPlanFails("""
            target: http://127.0.0.1:8080
            population: 10
            phases:
              - { executor: constant-arrival-rate, rate: 20, duration: 3s }
              - { executor: constant-users, users: 10, duration: 3s }
              - { name: crowd, executor: constant-users, users: 20, duration: 5s }
            """, "crowd: 20 virtual users need as many distinct accounts, but the population is 10");
    }

    [Theory]
    [InlineData(0L, null, "--mau must be at least 1")]
    [InlineData(-5L, null, "--mau must be at least 1")]
    [InlineData(1000L, "scale: 0", "scale divides the derived rates, so it must be above 0")]
    [InlineData(1000L, "activeShare: -0.1", "profile: activeShare must be a number of at least 0")]
    public void Mau_settings_out_of_range_name_the_setting(long mau, string? profile, string message)
    {
        var file = ScenarioLoader.Parse("target: http://127.0.0.1:8080\n" + (profile is null ? "" : $"profile: {{ {profile} }}\n"));
        var error = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(file, new PlanOverrides(null, mau, TimeSpan.FromSeconds(10))));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_run_duration_is_refused()
    {
        var file = ScenarioLoader.Parse("target: http://127.0.0.1:8080\n");
        var error = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(file, new PlanOverrides(null, null, TimeSpan.Zero)));
        Assert.Contains("--duration must be longer than zero", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10.0, 5.0, "--connections must be at least 1")]
    [InlineData(-1, 10.0, 5.0, "--connections must be at least 1")]
    [InlineData(4, 0.0, 5.0, "--duration must be longer than zero")]
    [InlineData(4, 10.0, -5.0, "--rate must be above 0")]
    [InlineData(4, 10.0, 0.0, "--rate must be above 0")]
    [InlineData(4, 10.0, double.NaN, "--rate must be above 0")]
    [InlineData(100_001, 10.0, 5.0, "--connections must be at least 1 and at most 100,000 (it is 100001)")]
    [InlineData(4, 10.0, 2e7, "--rate must be above 0 and at most 10,000,000 requests/s (it is 20000000)")]
    public async Task Load_url_settings_out_of_range_are_refused_before_any_traffic(int connections, double seconds, double rate, string message)
    {
        // Port 9 (discard) on loopback: nothing is listening, and nothing is sent anyway since the check comes first.
        var job = new LoadJob(new TestConsole(), TimeProvider.System);
        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunUrlAsync(
            new RequestTemplate("url", "GET", "http://127.0.0.1:9/", [], null), connections, TimeSpan.FromSeconds(seconds), rate,
            TimeSpan.FromSeconds(1), 1000, allowRemote: false, new OutputOptions(null, null, []), CancellationToken.None));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static void AssertPlanFails(string yaml, string message)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(ScenarioLoader.Parse(yaml), new PlanOverrides(null, null, null)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
