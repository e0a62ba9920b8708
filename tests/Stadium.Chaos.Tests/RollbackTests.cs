using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Testing;
using Stadium.Chaos.Experiments;
using Stadium.Testing;

namespace Stadium.Chaos.Tests;

public sealed class RollbackTests : IClassFixture<SeededNode>, IDisposable
{
    private readonly SeededNode _node;
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-chaos-rollbacks-").FullName;

    public RollbackTests(SeededNode node) => _node = node;

    private string Marker => Path.Combine(_folder, "rolled-back");

    private string Results => Path.Combine(_folder, "results.json");

    [Fact]
    public async Task Rollbacks_run_after_a_failed_probe_and_the_run_does_not_pass()
    {
        var experiment = ExperimentFileParser.Parse(Experiment(expectedStatus: 418), "e.yaml");

        var (code, results) = await new ExperimentRunner(new TestConsole(), TimeProvider.System).RunAsync(
            experiment, new ExperimentRunOptions(_node.Address, null, Results, null, []), CancellationToken.None);

        Assert.Equal(ExperimentRunner.Failed, code);
        Assert.True(File.Exists(Marker), "the rollback did not run");
        Assert.True(Assert.Single(results.Rollbacks).Succeeded);
        Assert.Contains(results.Reasons, r => r.StartsWith("hypothesis before: live:", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Results));
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task A_warmup_sends_the_hypothesis_requests_before_the_check_and_the_results_say_how_long()
    {
        // A hypothesis that does not hold ends the run at the check (a holding one would wait out a 20 s method).
        var experiment = ExperimentFileParser.Parse(Experiment(expectedStatus: 418) + "\nwarmup: 1s", "e.yaml");
        var console = new TestConsole();

        var (code, results) = await new ExperimentRunner(console, TimeProvider.System).RunAsync(
            experiment, new ExperimentRunOptions(_node.Address, null, Results, null, []), CancellationToken.None);

        Assert.Equal(ExperimentRunner.Failed, code);
        Assert.Equal(1, results.WarmupSeconds);
        var sent = System.Text.RegularExpressions.Regex.Match(console.Output, @"  ([\d,]+) probe requests");
        Assert.True(sent.Success, console.Output);
        // Four loops, each pausing 100 ms between requests: paced, not a flood the rate limits would answer with 429s.
        Assert.InRange(long.Parse(sent.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), 10, 48);
        Assert.True(console.Output.IndexOf("requests sent", StringComparison.Ordinal) < console.Output.IndexOf("Hypothesis before:", StringComparison.Ordinal), console.Output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Results));
        Assert.Equal(1, json.RootElement.GetProperty("warmupSeconds").GetDouble());
    }

    [Fact]
    public async Task Against_a_given_target_there_is_no_warmup_unless_the_file_asks()
    {
        var experiment = ExperimentFileParser.Parse(Experiment(expectedStatus: 418), "e.yaml");
        var console = new TestConsole();

        var (_, results) = await new ExperimentRunner(console, TimeProvider.System).RunAsync(
            experiment, new ExperimentRunOptions(_node.Address, null, Results, null, []), CancellationToken.None);

        Assert.Equal(0, results.WarmupSeconds);
        Assert.DoesNotContain("Warming up", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollbacks_run_after_SIGTERM_and_the_results_say_interrupted()
    {
        var file = Path.Combine(_folder, "e.yaml");
        await File.WriteAllTextAsync(file, Experiment(expectedStatus: 200));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { BuiltCli.Path, "chaos", "run", file, "--target", _node.Address.ToString(), "--out", Results })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (line.StartsWith("Hypothesis before: met", StringComparison.Ordinal))
            {
                // The method (20 s of waiting here) is running: stop it as a service manager would.
                using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await signal.WaitForExitAsync(timeout.Token);
                break;
            }
        }

        output.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == ExperimentRunner.Interrupted, $"exit {process.ExitCode}: {output}{await errors}");
        Assert.True(File.Exists(Marker), "the rollback did not run");
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Results));
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.True(json.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.True(json.RootElement.GetProperty("rollbacks")[0].GetProperty("succeeded").GetBoolean());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Experiment(int expectedStatus) => $$"""
        title: rollbacks always run
        steady-state-hypothesis:
          probes:
            - { name: live, type: http, url: /health/live, tolerance: { status: {{expectedStatus}} } }
        method: []
        rollbacks:
          - { name: mark, type: process, path: /usr/bin/touch, arguments: ["{{Marker}}"] }
        """;
}
