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
        Assert.StartsWith("stadium load verify: ", output.Trim(), StringComparison.Ordinal);
        Assert.EndsWith(" (see --help)", output.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", output, StringComparison.Ordinal);
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
