using System.Diagnostics;
using Stadium.Lab.Ledger;

namespace Stadium.Lab.Tests;

/// <summary>
/// `stadium load verify` (and the chaos verdict) reading acknowledged writes back from a service whose reads may come from
/// a replica that is behind: it reads with the ledger's highest read-your-writes token, and a 404 counts as lost only
/// after the stated rereads, which bound how long it waits.
/// </summary>
public sealed class LedgerVerifierTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Acknowledged(long id, string? token = null) => new(id, $"user{id}", At, At) { Consistency = token };

    [Fact]
    public async Task Reads_send_the_ledgers_highest_token_so_a_replica_behind_does_not_make_writes_look_lost()
    {
        await using var api = await LaggingPostsApi.StartAsync();
        api.Add(1, "user1", 0x100);
        api.Add(2, "user2", 0x2A0);
        api.Add(3, "user3", 0x1F0);
        using var client = new HttpClient();

        // Entry 1's answer carried no token (a node on the embedded store); the others did, and the highest covers all.
        var verdict = await new LedgerVerifier(client, api.Address, rereads: new NotFoundRereads([])).VerifyAsync(
            [Acknowledged(1), Acknowledged(2, "2A0"), Acknowledged(3, "1F0")], CancellationToken.None);

        Assert.Equal(3, verdict.Found);
        Assert.Empty(verdict.Lost);
        Assert.Equal("2A0", verdict.Consistency);
    }

    [Fact]
    public async Task A_404_that_turns_into_the_post_within_the_rereads_is_not_lost()
    {
        // A ledger without tokens (written before they were recorded): only time helps, and the replica catches up by the third read.
        await using var api = await LaggingPostsApi.StartAsync(catchUpAfterReads: 3);
        api.Add(7, "user7", 0x500);
        using var client = new HttpClient();

        var verdict = await new LedgerVerifier(client, api.Address, rereads: new NotFoundRereads([TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(80)]))
            .VerifyAsync([Acknowledged(7)], CancellationToken.None);

        Assert.Equal(1, verdict.Found);
        Assert.Empty(verdict.Lost);
        Assert.Null(verdict.Consistency);
        Assert.Equal(3, api.Reads(7));
    }

    [Fact]
    public async Task A_post_still_missing_after_every_reread_is_lost_within_the_stated_time()
    {
        await using var api = await LaggingPostsApi.StartAsync();
        api.Add(1, "user1", 0x10);
        using var client = new HttpClient();
        var rereads = new NotFoundRereads([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)]);
        var clock = Stopwatch.StartNew();

        // Post 9 was never written; post 1 is there. Both read with the token.
        var verdict = await new LedgerVerifier(client, api.Address, rereads: rereads).VerifyAsync([Acknowledged(1, "10"), Acknowledged(9, "10")], CancellationToken.None);

        Assert.Equal(9, Assert.Single(verdict.Lost).PostId);
        Assert.Equal(1, verdict.Found);
        Assert.Equal(3, api.Reads(9));
        Assert.Equal(1, api.Reads(1));
        Assert.InRange(clock.Elapsed, rereads.Total, rereads.Total + TimeSpan.FromSeconds(5));
        Assert.Equal("read again 2 times over 0.3 s", rereads.Describe());
        Assert.Equal("read again 4 times over 3.75 s", NotFoundRereads.Default.Describe());
    }

    [Fact]
    public void The_token_extension_round_trips_and_entries_without_it_keep_their_four_fields()
    {
        var with = System.Text.Json.JsonSerializer.Serialize(Acknowledged(1, "1A2B"));
        var without = System.Text.Json.JsonSerializer.Serialize(Acknowledged(2));

        Assert.Contains("\"consistency\":\"1A2B\"", with, StringComparison.Ordinal);
        Assert.DoesNotContain("consistency", without, StringComparison.Ordinal);
        Assert.Equal("1A2B", System.Text.Json.JsonSerializer.Deserialize<LedgerEntry>(with)!.Consistency);
        Assert.Equal("FF", LedgerVerifier.HighestToken([Acknowledged(1, "F"), Acknowledged(2, "FF"), Acknowledged(3, "not hex"), Acknowledged(4)]));
    }
}
