using Stadium.Lab.Ledger;

namespace Stadium.Lab.Tests;

/// <summary>A run never writes into a ledger an earlier run left: it takes a name of its own next to it, and says which.</summary>
public sealed class LedgerPerRunTests : TempFolderTest
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 20, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_fresh_path_is_used_as_given()
    {
        var path = Path.Combine(Folder, "ledger.jsonl");

        await using var ledger = WriteLedger.ForRun(path, Start);

        Assert.Equal(path, ledger.Path);
        Assert.False(ledger.Renamed(path));
    }

    [Fact]
    public async Task An_earlier_runs_ledger_is_kept_and_the_new_run_gets_its_start_time_in_the_name()
    {
        var path = Path.Combine(Folder, "ledger.jsonl");
        await File.WriteAllTextAsync(path, "{\"postId\":1,\"author\":\"user1\"}\n");

        await using (var second = WriteLedger.ForRun(path, Start))
        {
            await second.AppendAsync(new LedgerEntry(2, "user2", null, Start), CancellationToken.None);
            Assert.Equal(Path.Combine(Folder, "ledger-20261202-201500.jsonl"), second.Path);
            Assert.True(second.Renamed(path));
        }

        await using var third = WriteLedger.ForRun(path, Start);

        Assert.Equal(Path.Combine(Folder, "ledger-20261202-201500-2.jsonl"), third.Path);
        Assert.Equal(1, Assert.Single(await WriteLedger.ReadAsync(path, CancellationToken.None)).PostId);
        Assert.Equal(2, Assert.Single(await WriteLedger.ReadAsync(Path.Combine(Folder, "ledger-20261202-201500.jsonl"), CancellationToken.None)).PostId);
    }
}
