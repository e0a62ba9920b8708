using System.Globalization;
using System.Text.Json;
using Spectre.Console.Testing;
using Stadium.Chaos.Rehearsal;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>
/// `stadium rehearse` whole and short, against the cluster it starts (`up --cluster --chaos --autoscale`, as always): the
/// drawn fault runs under the MAU's scaled traffic, results.json has the verdict and its gates, and afterwards nothing
/// of the cluster runs and its folder is gone, its logs kept beside results.json (quoted by every assertion that fails).
/// </summary>
public sealed class RehearsalEndToEndTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-rehearse-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_short_rehearsal_runs_a_fault_under_load_writes_its_gates_and_leaves_nothing_running()
    {
        var resultsPath = Path.Combine(_folder, "results.json");
        var report = Path.Combine(_folder, "report.html");
        var console = new TestConsole();
        console.Profile.Width = 200;

        // A light load (1/400 of a million users' traffic: ~10 arrivals/s), so the test measures the mechanics, not this machine.
        var options = new RehearsalOptions(1_000_000, TimeSpan.FromSeconds(40), 5, 400, resultsPath, report, null, null, ["dotnet", BuiltCli.Path]);
        int code;
        RehearsalResults results;
        try
        {
            (code, results) = await new RehearsalRunner(console, TimeProvider.System).RunAsync(options, CancellationToken.None);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidOperationException($"the rehearsal stopped: {e.Message}\n{console.Output}{Logs()}", e);
        }

        var logs = Logs();
        var fault = Assert.Single(results.Faults);
        Assert.True(fault.StartedAt is not null && fault.EndedAt is not null && fault.Error is null, $"the fault did not run: {fault.Error}\n{console.Output}\n{logs}");
        Assert.True(results.Hypothesis!.Before!.Passed, console.Output + logs);
        Assert.True(results.Load!.Requests > 100, $"{results.Load.Requests} requests\n{logs}");
        Assert.Equal(results.Passed ? 0 : 1, code);
        Assert.False(File.ReadAllText(Path.Combine(_folder, "results-logs", "cluster.log")).Contains("exited at start", StringComparison.Ordinal), "a node exited at start" + logs);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        var root = json.RootElement;
        Assert.Equal(results.Passed, root.GetProperty("passed").GetBoolean());
        Assert.Equal(400, root.GetProperty("scale").GetDouble());
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        var writes = root.GetProperty("writes");
        foreach (var key in (string[])["lost", "mismatched", "unreadable", "rereadSeconds", "acknowledged"])
        {
            Assert.True(writes.TryGetProperty(key, out _), $"writes has no '{key}'");
        }

        Assert.False(string.IsNullOrEmpty(writes.GetProperty("consistency").GetString()), "the ledger recorded no consistency token: reads were not read-your-writes");
        var gates = root.GetProperty("gates").EnumerateArray().Select(g => (Name: g.GetProperty("name").GetString()!, Met: g.GetProperty("met").GetBoolean(), Figure: g.GetProperty("figure").GetString()!)).ToList();
        Assert.Contains(gates, g => g.Name.StartsWith("SLO ", StringComparison.Ordinal));
        foreach (var name in (string[])["cluster answered before the load", "shed and rate-limited", "scale events", "nothing lost", "jobs exactly once"])
        {
            Assert.Contains(gates, g => g.Name == name);
        }

        Assert.Contains(gates, g => g.Name.StartsWith("recovery: ", StringComparison.Ordinal));
        Assert.All(gates, g => Assert.False(string.IsNullOrWhiteSpace(g.Figure)));
        Assert.Equal(results.Passed, gates.All(g => g.Met));
        Assert.True(results.AutoscalerRounds is not null, "the autoscaler's decisions were not read: " + gates.Single(g => g.Name == "scale events").Figure + logs);
        Assert.True(results.Writes!.Acknowledged > 0, "no write acknowledged" + logs);
        var html = await File.ReadAllTextAsync(report);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(fault.Describe), html, StringComparison.Ordinal);
        Assert.Contains("<h2>Verdict</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td>nothing lost</td>", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "results-scenario.yaml")));

        // Nothing left: the cluster's folder is gone, and no process names it.
        var cluster = results.ClusterFolder;
        Assert.NotNull(cluster);
        Assert.False(Directory.Exists(cluster), $"{cluster} is still there");
        Assert.Empty(ProcessesNaming(cluster));
    }

    /// <summary>The last lines of every log the run's cluster left (cluster.log and each process's), for assertion messages.</summary>
    private string Logs()
    {
        var folder = Path.Combine(_folder, "results-logs");
        if (!Directory.Exists(folder))
        {
            return "\n(no logs were kept in " + folder + ")";
        }

        return string.Concat(Directory.GetFiles(folder, "*.log").Order(StringComparer.Ordinal).Select(file =>
            $"\n--- {Path.GetFileName(file)} (last 30 lines) ---\n{string.Join('\n', File.ReadAllLines(file).TakeLast(30))}"));
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
