using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>
/// Deadlines reaching a slowed real PostgreSQL: a statement waits on a table another connection holds locked, and the
/// node's clock (a fake the test moves) passes the request's deadline. No wall-clock timing: the deadline fires when
/// the test advances the clock past it, and only then.
/// </summary>
[Collection(PostgresApiCollection.Name)]
public sealed class DeadlineTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task A_write_past_its_deadline_is_a_504_that_says_not_applied_and_the_post_is_absent()
    {
        await using var node = await cluster.StartNodeAsync();
        using var user = await node.NewUserAsync();
        var text = $"never committed {Guid.NewGuid():n}";
        await using var admin = await AdminAsync(node);

        HttpResponseMessage answer;
        await using (var transaction = await admin.BeginTransactionAsync())
        {
            await Execute(admin, "LOCK TABLE posts IN ACCESS EXCLUSIVE MODE", transaction);
            var posting = user.Client.PostAsJsonAsync("/v1/posts", new { text });
            await WaitForLockWaitAsync(node);
            // POST /v1/posts has a 3 s deadline in slo.yaml.
            node.Time.Advance(TimeSpan.FromSeconds(3.1));
            answer = await posting;
            await transaction.RollbackAsync();
        }

        var problem = await ApiAssert.Problem(answer, HttpStatusCode.GatewayTimeout);
        Assert.Equal("Deadline exceeded", problem.GetProperty("title").GetString());
        Assert.StartsWith("Not applied: the deadline passed before the write committed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM posts WHERE text = $1", admin) { Parameters = { new() { Value = text } } };
        Assert.Equal(0L, await count.ExecuteScalarAsync());

        // Polled up to 30 s: the count may land just after the answer, the exporter caches a scrape for 300 ms, and a node
        // of another test class stopping meanwhile can hide the shared metric stream for seconds (see PlatformTests).
        using var scraper = node.CreateClient();
        var metrics = "";
        for (var attempt = 0; attempt < 300 && !metrics.Split('\n').Any(ExceededOnceOnPosts); attempt++)
        {
            await Task.Delay(100);
            metrics = await scraper.GetStringAsync("/metrics");
        }

        Assert.Contains(metrics.Split('\n'), ExceededOnceOnPosts);
    }

    private static bool ExceededOnceOnPosts(string line) => line.StartsWith("stadium_protection_deadline_exceeded_total{", StringComparison.Ordinal)
        && line.Contains("endpoint=\"POST /v1/posts\"", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal);

    [Fact]
    public async Task A_read_past_its_deadline_is_a_504()
    {
        // Reads on the primary only, so the lock below holds them up.
        var database = await cluster.Cluster.NewDatabaseAsync(CancellationToken.None);
        await using var node = await cluster.StartNodeAsync(database: database with { Replicas = [] });
        using var user = await node.NewUserAsync();
        await using var admin = await AdminAsync(node);

        HttpResponseMessage answer;
        await using (var transaction = await admin.BeginTransactionAsync())
        {
            await Execute(admin, "LOCK TABLE posts IN ACCESS EXCLUSIVE MODE", transaction);
            var reading = user.Client.GetAsync($"/v1/users/{user.Username}/posts");
            await WaitForLockWaitAsync(node);
            node.Time.Advance(TimeSpan.FromSeconds(2.1));
            answer = await reading;
            await transaction.RollbackAsync();
        }

        var problem = await ApiAssert.Problem(answer, HttpStatusCode.GatewayTimeout);
        Assert.Equal("Deadline exceeded", problem.GetProperty("title").GetString());
        (await user.Client.GetAsync($"/v1/users/{user.Username}/posts")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_caller_s_deadline_header_lowers_the_budget()
    {
        await using var node = await cluster.StartNodeAsync();
        using var user = await node.NewUserAsync();
        await using var admin = await AdminAsync(node);

        HttpResponseMessage answer;
        await using (var transaction = await admin.BeginTransactionAsync())
        {
            await Execute(admin, "LOCK TABLE posts IN ACCESS EXCLUSIVE MODE", transaction);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "in a hurry" }) };
            request.Headers.Add("Stadium-Deadline-Ms", "200");
            var posting = user.Client.SendAsync(request);
            await WaitForLockWaitAsync(node);
            // Far short of the endpoint's own 3 s: only the header's 200 ms can have passed.
            node.Time.Advance(TimeSpan.FromMilliseconds(250));
            answer = await posting;
            await transaction.RollbackAsync();
        }

        await ApiAssert.Problem(answer, HttpStatusCode.GatewayTimeout);
    }

    private async Task<NpgsqlConnection> AdminAsync(StadiumNode node)
    {
        var database = new NpgsqlConnectionStringBuilder(node.App.Services.GetRequiredPostgresPrimary()).Database!;
        var admin = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await admin.OpenAsync();
        return admin;
    }

    /// <summary>Until the node's statement waits on the lock (seen from a connection of its own: a transaction's view of pg_stat_activity is frozen).</summary>
    private async Task WaitForLockWaitAsync(StadiumNode node)
    {
        var database = new NpgsqlConnectionStringBuilder(node.App.Services.GetRequiredPostgresPrimary()).Database!;
        await using var watcher = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await watcher.OpenAsync();
        for (var polls = 0; polls < 600; polls++)
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", watcher);
            if ((long)(await waiting.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(25);
        }

        Assert.Fail("the node's statement never waited on the lock");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
