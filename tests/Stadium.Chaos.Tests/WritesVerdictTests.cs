using System.Text.Json;
using Spectre.Console.Testing;
using Stadium.Chaos.Experiments;
using Stadium.Chaos.Tests.Rehearsal;
using Stadium.Lab.Ledger;
using Stadium.Lab.Reports;

namespace Stadium.Chaos.Tests;

/// <summary>
/// The writes check names apart what it found about acknowledged writes: lost (404 after the rereads), mismatched
/// (another author's post) and could not be read back (the read itself failed). Each fails "nothing lost"; the last is
/// named as such, in results.json, the summary table and the HTML report, so nobody takes it for a proven loss.
/// </summary>
public sealed class WritesVerdictTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-writes-verdict-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static LedgerEntry Entry(long id) => new(id, $"user{id}", At, At);

    private static LedgerVerdict Verdict(int lost, int mismatched, int unreadable)
    {
        var id = 100;
        return new LedgerVerdict(
            10, 10 - lost - mismatched - unreadable,
            [.. Enumerable.Range(0, lost).Select(_ => Entry(id++))],
            [.. Enumerable.Range(0, mismatched).Select(_ => Entry(id++))],
            [.. Enumerable.Range(0, unreadable).Select(_ => (Entry(id++), "HTTP 503"))])
        {
            Consistency = "1A2B",
        };
    }

    [Fact]
    public void Lost_mismatched_and_unreadable_are_counted_apart_and_each_fails_the_check()
    {
        var writes = WritesCheck.From("ledger.jsonl", Verdict(lost: 1, mismatched: 2, unreadable: 3));

        Assert.Equal((1L, 2L, 3L), (writes.Lost, writes.Mismatched, writes.Unreadable));
        Assert.False(writes.Passed);
        Assert.Equal(3.75, writes.RereadSeconds);
        Assert.Equal("1A2B", writes.Consistency);
        Assert.Equal("10 acknowledged, 1 lost, 2 mismatched, could not be read back: 3", writes.DescribeAcknowledged());
        Assert.False(WritesCheck.From("ledger.jsonl", Verdict(0, 1, 0)).Passed);
        Assert.False(WritesCheck.From("ledger.jsonl", Verdict(1, 0, 0)).Passed);
        Assert.True(WritesCheck.From("ledger.jsonl", Verdict(0, 0, 0)).Passed);
    }

    [Fact]
    public async Task Writes_that_could_not_be_read_fail_the_run_named_as_such_in_results_table_and_report()
    {
        var writes = WritesCheck.From("ledger.jsonl", Verdict(lost: 0, mismatched: 0, unreadable: 2));
        var experiment = new Experiment("exp.yaml", "writes", null, null, new ClusterShape(3, 1, 1, 20), new SteadyStateHypothesis("answers", []), [], null, [], ExperimentGates.Default);
        var results = ChaosVerdict.Build(experiment, new Uri("http://127.0.0.1:1/"), At, false, new HypothesisResults(null, [], null), [],
            VerdictInputs.Load([.. Enumerable.Repeat(10.0, 10)]), writes, null, []);
        var options = new ExperimentRunOptions(null, null, Path.Combine(_folder, "results.json"), Path.Combine(_folder, "report.html"), ["stadium"]);
        var console = new TestConsole();
        console.Profile.Width = 300;

        await ChaosOutputs.WriteAsync(results, options, console);

        Assert.False(results.Passed);
        var reason = Assert.Single(results.Reasons);
        Assert.Contains("0 lost, 0 mismatched, could not be read back: 2", reason, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", reason, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(options.ResultsPath));
        var saved = json.RootElement.GetProperty("writes");
        Assert.Equal(0, saved.GetProperty("lost").GetInt64());
        Assert.Equal(0, saved.GetProperty("mismatched").GetInt64());
        Assert.Equal(2, saved.GetProperty("unreadable").GetInt64());
        Assert.Equal(3.75, saved.GetProperty("rereadSeconds").GetDouble());
        Assert.Equal(10, saved.GetProperty("acknowledged").GetInt64());
        Assert.Contains("could not be read back: 2", console.Output, StringComparison.Ordinal);
        var html = await File.ReadAllTextAsync(options.ReportPath!);
        Assert.Contains("<h2>Verdict</h2>", html, StringComparison.Ordinal);
        Assert.Contains("could not be read back: 2", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"fail\">FAILED</td>", html, StringComparison.Ordinal);
    }
}
