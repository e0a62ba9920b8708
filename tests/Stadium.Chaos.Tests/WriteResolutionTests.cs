using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Stadium.Lab.Ledger;
using Stadium.Testing;

namespace Stadium.Chaos.Tests;

/// <summary>
/// Unacknowledged writes in a ledger, resolved against a real node holding the posts they may have made: applied once,
/// not applied, applied twice, and applied after an error.
/// </summary>
public sealed class WriteResolutionTests(SeededNode node) : IClassFixture<SeededNode>
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public async Task Each_unacknowledged_write_is_resolved_from_the_authors_posts()
    {
        using var client = await SignedInAsync("user1");
        var acknowledged = await PostAsync(client, "epsilon: acknowledged, and the same text retried without an answer");
        await PostAsync(client, "alpha: the answer was lost, the post was made");
        await PostAsync(client, "gamma: the answer was lost, the post was made twice");
        await PostAsync(client, "gamma: the answer was lost, the post was made twice");
        await PostAsync(client, "delta: answered 503, made all the same");
        LedgerEntry[] entries =
        [
            new(acknowledged, "user1", At, At),
            Unacknowledged(LedgerKinds.Indeterminate, "alpha: the answer was lost, the post was made"),
            Unacknowledged(LedgerKinds.Indeterminate, "beta: the answer was lost, nothing was made"),
            Unacknowledged(LedgerKinds.Indeterminate, "gamma: the answer was lost, the post was made twice"),
            Unacknowledged(LedgerKinds.Failed, "delta: answered 503, made all the same"),
            Unacknowledged(LedgerKinds.Indeterminate, "epsilon: acknowledged, and the same text retried without an answer"),
        ];

        var verdict = await new LedgerVerifier(node.CreateClient(), node.Address).VerifyAsync(entries, CancellationToken.None);

        Assert.True(verdict.NothingLost);
        Assert.Equal(1, verdict.Checked);
        var outcomes = verdict.Resolutions.ToDictionary(r => r.Text[..r.Text.IndexOf(':', StringComparison.Ordinal)], r => r.Outcome);
        Assert.Equal("applied once", outcomes["alpha"]);
        Assert.Equal("not applied", outcomes["beta"]);
        Assert.Equal("applied twice", outcomes["gamma"]);
        Assert.Equal("failed but applied", outcomes["delta"]);
        Assert.Equal("not applied", outcomes["epsilon"]);
        Assert.False(verdict.Consistent);
    }

    [Fact]
    public async Task The_ledger_keeps_acknowledged_lines_as_they_were_and_load_verify_reports_the_rest()
    {
        using var client = await SignedInAsync("user2");
        var id = await PostAsync(client, "zeta: acknowledged");
        await PostAsync(client, "eta: answer lost, applied twice");
        await PostAsync(client, "eta: answer lost, applied twice");
        var path = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using (var ledger = new WriteLedger(path))
            {
                await ledger.AppendAsync(new LedgerEntry(id, "user2", At, At), CancellationToken.None);
                await ledger.AppendAsync(LedgerEntry.Unacknowledged(LedgerKinds.Indeterminate, "user2", "key-1", "eta: answer lost, applied twice", At), CancellationToken.None);
                Assert.Equal((1, 1), (ledger.Entries, ledger.Unacknowledged));
            }

            var lines = await File.ReadAllLinesAsync(path);
            Assert.Equal(["postId", "author", "createdAt", "acknowledgedAt"], JsonDocument.Parse(lines[0]).RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, (await WriteLedger.ReadAsync(path, CancellationToken.None)).Count);

            var (code, output, _) = await BuiltCli.RunAsync(["load", "verify", path, "--target", node.Address.ToString()]);

            Assert.Equal(1, code);
            Assert.Contains("1 unacknowledged writes", output, StringComparison.Ordinal);
            Assert.Contains("applied twice by user2", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static LedgerEntry Unacknowledged(string kind, string text) =>
        LedgerEntry.Unacknowledged(kind, "user1", Guid.NewGuid().ToString("N"), text, At);

    private async Task<HttpClient> SignedInAsync(string username)
    {
        var client = node.CreateClient();
        using var login = await client.PostAsJsonAsync("/v1/auth/login", new { username, password = Stadium.Data.Seeding.SeedOptions.DemoPassword });
        login.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<long> PostAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/v1/posts", new { text });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetInt64();
    }
}
