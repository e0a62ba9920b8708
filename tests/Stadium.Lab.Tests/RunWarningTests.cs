using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;
using Stadium.Lab.Generic;
using Stadium.Lab.Measurement;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// The console says when the figures are less than they seem: a target that refused everything (and the run fails),
/// a load generator without CPU to spare, and a --duration that cuts phases (said before any traffic).
/// </summary>
public sealed class RunWarningTests
{
    [Fact]
    public async Task A_dead_target_fails_the_run_and_says_every_connection_was_refused()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/";
        var console = new TestConsole().Width(120);

        var (exitCode, results) = await new LoadJob(console, TimeProvider.System).RunUrlAsync(
            new RequestTemplate("url", "GET", url, [], null), connections: 2, TimeSpan.FromSeconds(1), rate: 200, TimeSpan.FromSeconds(2),
            maxRequests: 10_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: false), CancellationToken.None);

        Assert.Equal(LoadJob.ThresholdBreached, exitCode);
        Assert.True(results.Requests > 0);
        Assert.Equal(results.Requests, results.Errors);
        var warning = Assert.Single(results.Warnings);
        Assert.StartsWith("no request succeeded: connection refused", warning, StringComparison.Ordinal);
        Assert.EndsWith("at " + url, warning, StringComparison.Ordinal);
        Assert.Contains("warning: " + warning, string.Join(" ", console.Lines), StringComparison.Ordinal);

        // No successful answer, no latency: the table shows "-", not a reassuring 0.00 ms.
        var header = Cells(console.Lines.Single(l => l.Contains("endpoint", StringComparison.Ordinal)));
        var row = Cells(console.Lines.Single(l => l.Contains(" all ", StringComparison.Ordinal)));
        Assert.Equal("-", row[Array.IndexOf(header, "p50")]);
        Assert.Equal("-", row[Array.IndexOf(header, "p99")]);
    }

    private static string[] Cells(string line) => [.. line.Split('│').Select(c => c.Trim())];

    [Fact]
    public async Task The_dead_target_exit_code_and_line_reach_the_command_line()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/";

        var (exitCode, output) = await StadiumCli.RunAsync("load", "url", url, "-d", "1s", "-c", "2", "--rate", "100");

        Assert.Equal(1, exitCode);
        Assert.Contains("no request succeeded: connection refused", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generator_using_every_core_is_told_its_results_understate_the_target()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var wall = Stopwatch.StartNew();
        var console = new TestConsole().Width(120);

        // A CPU reading that says every core was busy the whole time.
        var (_, results) = await new LoadJob(console, TimeProvider.System, () => wall.Elapsed * Environment.ProcessorCount).RunUrlAsync(
            new RequestTemplate("url", "GET", server.Url.ToString(), [], null), connections: 2, TimeSpan.FromSeconds(1), rate: 50, TimeSpan.FromSeconds(2),
            maxRequests: 10_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: false), CancellationToken.None);

        var warning = Assert.Single(results.Warnings);
        Assert.Contains("understate what the target can do", warning, StringComparison.Ordinal);
        Assert.True(results.GeneratorCpu >= 0.9, $"generatorCpu {results.GeneratorCpu}");
        Assert.Contains("understate", string.Join(" ", console.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_generator_with_cpu_to_spare_is_not_warned()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());

        var (exitCode, results) = await new LoadJob(new TestConsole(), TimeProvider.System, () => TimeSpan.FromSeconds(3)).RunUrlAsync(
            new RequestTemplate("url", "GET", server.Url.ToString(), [], null), connections: 2, TimeSpan.FromSeconds(1), rate: 50, TimeSpan.FromSeconds(2),
            maxRequests: 10_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None);

        Assert.Equal(LoadJob.Passed, exitCode);
        Assert.Empty(results.Warnings);
        Assert.Equal(0, results.GeneratorCpu);
    }

    [Fact]
    public void Saturation_needs_several_busy_seconds_not_one()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var cpu = TimeSpan.Zero;
        var watch = new GeneratorCpu(() => cpu, time, processors: 4);

        // A start-up second at full tilt, then nine quiet ones: no warning.
        Advance(time, ref cpu, busyCores: 4);
        for (var i = 0; i < 9; i++)
        {
            Advance(time, ref cpu, busyCores: 1);
            watch.Sample();
        }

        Assert.Null(watch.Warning());

        for (var i = 0; i < GeneratorCpu.WarnAfterSeconds; i++)
        {
            Advance(time, ref cpu, busyCores: 3.8);
            watch.Sample();
        }

        Assert.Equal(GeneratorCpu.WarnAfterSeconds, watch.SaturatedSeconds);
        Assert.Contains("4 CPU cores", watch.Warning(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duration_shorter_than_the_phases_names_what_it_cuts_before_any_traffic()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var scenario = ScenarioLoader.Parse("""
            requests: [{ name: json, url: /json }]
            phases:
              - { name: warm, executor: constant-arrival-rate, rate: 20, duration: 1s }
              - { name: steady, executor: constant-arrival-rate, rate: 20, duration: 2s }
              - { name: soak, executor: constant-users, users: 1, duration: 5s }
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(server.Url.GetLeftPart(UriPartial.Authority), null, TimeSpan.FromSeconds(2)));
        var console = new TestConsole().Width(200);

        var (_, results) = await new LoadJob(console, TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 10_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: false), CancellationToken.None);

        var warning = Assert.Single(results.Warnings);
        Assert.Contains("steady is cut to 1 s of 2 s, soak does not run", warning, StringComparison.Ordinal);
        var lines = console.Lines.ToList();
        var warnedAt = lines.FindIndex(l => l.Contains("soak does not run", StringComparison.Ordinal));
        var summaryAt = lines.FindIndex(l => l.Contains("requests in", StringComparison.Ordinal));
        Assert.InRange(warnedAt, 0, summaryAt - 1);
        Assert.Equal(40, results.PlannedArrivals);
        Assert.Equal([20L, 20L, null], results.PhaseRuns.Select(p => p.PlannedArrivals));
    }

    [Fact]
    public async Task A_duration_that_covers_the_phases_warns_of_nothing()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var scenario = ScenarioLoader.Parse("""
            requests: [{ name: json, url: /json }]
            phases: [{ executor: constant-arrival-rate, rate: 20, duration: 1s }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(server.Url.GetLeftPart(UriPartial.Authority), null, TimeSpan.FromSeconds(5)));

        var (_, results) = await new LoadJob(new TestConsole(), TimeProvider.System).RunScenarioAsync(
            plan, null, maxRequests: 10_000, allowRemote: false, new OutputOptions(null, null, [], Quiet: true), CancellationToken.None);

        Assert.Empty(results.Warnings);
        Assert.Equal(20, results.PlannedArrivals);
        Assert.Equal(20, results.StartedIterations);
    }

    [Fact]
    public void Without_a_duration_every_phase_runs_even_after_an_earlier_one_waits_out_its_graceful_stop()
    {
        var scenario = ScenarioLoader.Parse("""
            target: http://127.0.0.1:9
            requests: [{ name: json, url: /json }]
            phases:
              - { name: burst, executor: constant-arrival-rate, rate: 20, duration: 3s, gracefulStop: 10s }
              - { name: steady, executor: constant-arrival-rate, rate: 20, duration: 5s, gracefulStop: 10s }
            """);

        var whole = ScenarioPlanner.Plan(scenario, new PlanOverrides(null, null, null));
        var capped = ScenarioPlanner.Plan(scenario, new PlanOverrides(null, null, TimeSpan.FromSeconds(6)));

        // 8 s of schedule, the burst's 10 s of graceful stop, a second of slack; --duration stays a hard cap.
        Assert.Equal(TimeSpan.FromSeconds(19), whole.MaxDuration);
        Assert.Equal(TimeSpan.FromSeconds(6), capped.MaxDuration);
    }

    private static void Advance(FakeTimeProvider time, ref TimeSpan cpu, double busyCores)
    {
        time.Advance(TimeSpan.FromSeconds(1));
        cpu += TimeSpan.FromSeconds(busyCores);
    }

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
