using System.Text.Json;
using Spectre.Console.Testing;
using Stadium.Lab.Generic;

namespace Stadium.Lab.Tests;

/// <summary>Ctrl+C mid-run: the outputs hold what ran, and the exit code says the run was interrupted.</summary>
public sealed class InterruptedRunTests : TempFolderTest
{
    [Fact]
    public async Task An_interrupted_run_writes_its_results_and_report_and_exits_130()
    {
        var resultsPath = Path.Combine(Folder, "results.json");
        var reportPath = Path.Combine(Folder, "report.html");
        var console = new TestConsole();
        var job = new LoadJob(console, TimeProvider.System);
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        // Port 9 on loopback: nothing listens, so every request is refused at once; the plan is 30 s, stopped at 0.5 s.
        var (exitCode, results) = await job.RunUrlAsync(
            new RequestTemplate("url", "GET", "http://127.0.0.1:9/", [], null), 2, TimeSpan.FromSeconds(30), 20, TimeSpan.FromSeconds(1), 1000,
            allowRemote: false, new OutputOptions(resultsPath, reportPath, ["url: errors<100%"]), ctrlC.Token);

        Assert.Equal(LoadJob.Interrupted, exitCode);
        Assert.True(results.Interrupted);
        Assert.InRange(results.DurationSeconds, 0.3, 10);
        using var written = JsonDocument.Parse(await File.ReadAllTextAsync(resultsPath));
        Assert.True(written.RootElement.GetProperty("interrupted").GetBoolean());
        Assert.Equal(results.Requests, written.RootElement.GetProperty("requests").GetInt64());
        Assert.Contains("Interrupted", await File.ReadAllTextAsync(reportPath), StringComparison.Ordinal);
        Assert.Contains("Interrupted after", console.Output, StringComparison.Ordinal);
    }
}
