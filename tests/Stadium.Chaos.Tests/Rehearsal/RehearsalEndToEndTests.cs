using System.Globalization;
using System.Text.Json;
using Spectre.Console.Testing;
using Stadium.Chaos.Rehearsal;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>
/// `stadium rehearse` whole and short, against the cluster it starts (`up --cluster --chaos --autoscale`, as always): the
/// drawn fault runs under the MAU's scaled traffic, results.json has the verdict and its gates, and afterwards nothing
/// of the cluster runs and its folder is gone.
/// </summary>
public sealed class RehearsalEndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-rehearse-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Skipped, and so not counted: on the shared two-core machine it passed 2 of 5 runs (a cluster node that exits at
    // start, a fault that did not run); it runs in CI again once a rehearsal's cluster starts reliably beside other tests.
    [Fact(Skip = "flaky on a contended machine (2 of 5 passed); issue 17's rehearsal is not called done until it is reliable")]
    public async Task A_short_rehearsal_runs_a_fault_under_load_writes_its_gates_and_leaves_nothing_running()
    {
        var resultsPath = Path.Combine(_folder, "results.json");
        var report = Path.Combine(_folder, "report.html");
        var console = new TestConsole();
        console.Profile.Width = 200;

        // A light load (1/400 of a million users' traffic: ~10 arrivals/s), so the test measures the mechanics, not this machine.
        var options = new RehearsalOptions(1_000_000, TimeSpan.FromSeconds(40), 5, 400, resultsPath, report, null, null, ["dotnet", BuiltCli.Path]);
        var (code, results) = await new RehearsalRunner(console, TimeProvider.System).RunAsync(options, CancellationToken.None);

        var fault = Assert.Single(results.Faults);
        Assert.True(fault.StartedAt is not null && fault.EndedAt is not null && fault.Error is null, $"the fault did not run: {fault.Error}\n{console.Output}");
        Assert.True(results.Hypothesis!.Before!.Passed, console.Output);
        Assert.True(results.Load!.Requests > 100, $"{results.Load.Requests} requests");
        Assert.Equal(results.Passed ? 0 : 1, code);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        var root = json.RootElement;
        Assert.Equal(results.Passed, root.GetProperty("passed").GetBoolean());
        Assert.Equal(400, root.GetProperty("scale").GetDouble());
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        var gates = root.GetProperty("gates").EnumerateArray().Select(g => (Name: g.GetProperty("name").GetString()!, Met: g.GetProperty("met").GetBoolean(), Figure: g.GetProperty("figure").GetString()!)).ToList();
        Assert.Contains(gates, g => g.Name.StartsWith("SLO ", StringComparison.Ordinal));
        foreach (var name in (string[])["cluster answered before the load", "shed and rate-limited", "scale events", "nothing lost", "jobs exactly once"])
        {
            Assert.Contains(gates, g => g.Name == name);
        }

        Assert.Contains(gates, g => g.Name.StartsWith("recovery: ", StringComparison.Ordinal));
        Assert.All(gates, g => Assert.False(string.IsNullOrWhiteSpace(g.Figure)));
        Assert.Equal(results.Passed, gates.All(g => g.Met));
        Assert.True(results.AutoscalerRounds is not null, "the autoscaler's decisions were not read: " + gates.Single(g => g.Name == "scale events").Figure);
        Assert.True(results.Writes!.Acknowledged > 0, "no write acknowledged");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(fault.Describe), await File.ReadAllTextAsync(report), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "results-scenario.yaml")));

        // Nothing left: the cluster's folder is gone, and no process names it.
        var cluster = results.ClusterFolder;
        Assert.NotNull(cluster);
        Assert.False(Directory.Exists(cluster), $"{cluster} is still there");
        Assert.Empty(ProcessesNaming(cluster));
    }

    private static List<string> ProcessesNaming(string folder)
    {
        var found = new List<string>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            try
            {
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (command.Contains(folder, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {command}");
                }
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
        }

        return found;
    }
}
