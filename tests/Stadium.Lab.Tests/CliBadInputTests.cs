using Spectre.Console.Testing;
using Stadium.Lab.Generic;

namespace Stadium.Lab.Tests;

/// <summary>
/// Files that cannot be read or written are bad input: exit code 2 and one line, never a stack trace (whose exit
/// code 1 reads as a breached threshold). Output paths are checked before any traffic, not after the run.
/// </summary>
public sealed class CliBadInputTests : TempFolderTest
{
    [Fact]
    public async Task A_scenario_in_a_missingFolder_is_a_message_and_exit_2()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", Path.Combine(Folder, "missing", "x.yaml"), "--target", "http://127.0.0.1:9");

        Assert.Equal(2, exitCode);
        Assert.StartsWith("stadium load run: ", output.Trim(), StringComparison.Ordinal);
        Assert.EndsWith(" (see --help)", output.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolder_given_as_the_ledger_is_a_message_and_exit_2()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "verify", Folder, "--target", "http://127.0.0.1:9");

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium load verify: {Folder}: cannot read the ledger (it is a folder, not a file) (see --help)", output.Trim());
    }

    [Fact]
    public async Task AFolder_given_as_the_scenario_is_a_message_and_exit_2()
    {
        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", Folder, "--target", "http://127.0.0.1:9");

        Assert.Equal(2, exitCode);
        Assert.Equal($"stadium load run: {Folder}: cannot read the scenario (it is a folder, not a file) (see --help)", output.Trim());
    }

    [Fact]
    public async Task A_dashboard_port_out_of_range_is_refused_before_the_plan_is_printed_or_the_ledger_created()
    {
        var scenario = Path.Combine(Folder, "s.yaml");
        await File.WriteAllTextAsync(scenario, "phases: [ { executor: constant-users, users: 1, duration: 1s } ]\n");
        var ledger = Path.Combine(Folder, "ledger.jsonl");

        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", scenario, "--target", "http://127.0.0.1:9", "--ledger", ledger, "--dashboard", "99999");

        Assert.Equal(2, exitCode);
        Assert.Equal("stadium load run: --dashboard: port 99999 is not a port number (1-65535, or 0 for any free port) (see --help)", output.Trim());
        Assert.Equal([scenario], Directory.GetFiles(Folder));
    }

    [Fact]
    public async Task A_target_that_does_not_answer_is_one_line_not_one_per_post()
    {
        var ledger = Path.Combine(Folder, "ledger.jsonl");
        await File.WriteAllLinesAsync(ledger, Enumerable.Range(1, 20).Select(id => $"{{\"postId\":{id},\"author\":\"user1\",\"createdAt\":null,\"acknowledgedAt\":\"2025-01-01T00:00:00Z\"}}"));

        // Port 1 on loopback: nothing listens there, so every connection is refused.
        var (exitCode, output) = await StadiumCli.RunAsync("load", "verify", ledger, "--target", "http://127.0.0.1:1");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("stadium load verify: --target http://127.0.0.1:1/ does not answer (", line, StringComparison.Ordinal);
        Assert.EndsWith("); nothing was checked (see --help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolder_given_as_the_report_is_refused_before_any_traffic()
    {
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        // Port 9 on loopback: nothing listens there, and the check comes before anything is sent.
        var error = await Assert.ThrowsAsync<FormatException>(() => job.RunUrlAsync(
            new RequestTemplate("url", "GET", "http://127.0.0.1:9/", [], null), 1, TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(1), 1000,
            allowRemote: false, new OutputOptions(null, Folder, []), CancellationToken.None));

        Assert.Contains("--report", error.Message, StringComparison.Ordinal);
    }
}
