using Spectre.Console.Testing;
using Stadium.Chaos.Experiments;
using Stadium.Testing;

namespace Stadium.Chaos.Tests;

/// <summary>
/// The whole run against a real small cluster, started by the run itself (`up --cluster --chaos`, as `chaos run` always
/// starts it): a node is killed through the fault runner under writes, and every acknowledged write reads back afterwards.
/// </summary>
public sealed class NodeKillExperimentTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-chaos-e2e-").FullName;

    [Fact]
    public async Task A_node_killed_under_load_loses_no_acknowledged_write()
    {
        var scenario = Path.Combine(_folder, "writes.yaml");
        await File.WriteAllTextAsync(scenario, """
            name: writes
            population: 10
            password: stadium-demo-password
            connections: 16
            requestTimeout: 5s
            journey: { createPost: 60, readFeed: 30, openProfile: 10 }
            phases:
              - { name: steady, executor: constant-arrival-rate, rate: 10 }
            """);
        var experiment = ExperimentFileParser.Parse($$"""
            title: node killed
            cluster: { nodes: 2, workers: 0, replicas: 0, users: 10 }
            steady-state-hypothesis:
              probes:
                - { name: profile, type: http, url: /v1/users/user1, tolerance: { status: 200, latency: 5s } }
            method:
              - { fault: kill, target: api-2, at: 6s, duration: 8s }
            load: { scenario: "{{scenario}}", duration: 24s }
            warmup: 4s
            """, "e2e.yaml");
        var results = Path.Combine(_folder, "results.json");
        var report = Path.Combine(_folder, "report.html");

        var console = new TestConsole();
        var (_, run) = await new ExperimentRunner(console, TimeProvider.System).RunAsync(
            experiment, new ExperimentRunOptions(null, null, results, report, ["dotnet", BuiltCli.Path]), CancellationToken.None);

        // The warm-up ran the scenario's load (unmeasured) before the check before.
        Assert.Equal(4, run.WarmupSeconds);
        var warm = System.Text.RegularExpressions.Regex.Match(console.Output, @"probe requests; the load: ([\d,]+) requests");
        Assert.True(warm.Success && warm.Groups[1].Value != "0", console.Output);
        var fault = Assert.Single(run.Faults);
        Assert.True(fault.StartedAt is not null && fault.Error is null, $"the kill did not run: {fault.Error}");
        Assert.True(run.Hypothesis.Before!.Passed, string.Join("; ", run.Reasons));
        var writes = run.Writes!;
        Assert.True(writes.Acknowledged > 0, "no write was acknowledged: " + Describe(run));
        Assert.Equal(0, writes.Lost);
        Assert.Equal(0, writes.AppliedTwice + writes.FailedApplied);
        Assert.Equal(writes.Indeterminate + writes.Failed, writes.Resolved);
        Assert.StartsWith("SIGKILL api-2", Assert.Single(run.Load!.FaultBands).Label, StringComparison.Ordinal);
        Assert.Contains("SIGKILL api-2", await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        Assert.True(File.Exists(results));
    }

    private static string Describe(ChaosResults run) =>
        string.Join("; ", run.Load!.Endpoints.Select(e => $"{e.Key}: {e.Value.Requests} requests, statuses {string.Join(",", e.Value.StatusCodes.Select(c => $"{c.Key}x{c.Value}"))}, "
            + $"errors {string.Join(",", e.Value.ErrorKinds.Select(c => $"{c.Key}x{c.Value}"))}")) + " | " + string.Join(" | ", run.Load.Warnings) + " | " + string.Join(" | ", run.Reasons);

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
