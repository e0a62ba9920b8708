using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stadium.Testing;

namespace Stadium.Service.Tests;

/// <summary>A real PostgreSQL primary + streaming replica (and Redis) for the API tests that need them.</summary>
public sealed class PostgresClusterFixture() : TestClusterFixture(new TestClusterOptions(Replicas: 1))
{
    /// <summary>An API node on its own fresh database of this cluster, or on <c>database</c> (several nodes, one database).</summary>
    public async Task<StadiumNode> StartNodeAsync(Dictionary<string, string?>? extra = null, TestDatabase? database = null)
    {
        database ??= await Cluster.NewDatabaseAsync(CancellationToken.None);
        var settings = new Dictionary<string, string?>
        {
            ["Stadium:Store:Provider"] = "Postgres",
            ["Stadium:Store:Postgres:Primary"] = database.Primary,
            ["Stadium:Store:Postgres:ReplicaProbeInterval"] = "00:00:00.020",
            // CI runs five test projects at once on two cores: a probe slower than the production second there is the
            // machine, not the replica, and would move reads the tests expect on the replica to the primary.
            ["Stadium:Store:Postgres:ReplicaProbeTimeout"] = "00:00:05",
        };
        for (var i = 0; i < database.Replicas.Count; i++)
        {
            settings[$"Stadium:Store:Postgres:Replicas:{i}"] = database.Replicas[i];
        }

        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var node = new StadiumNode { ExtraSettings = settings };
        await node.InitializeAsync();
        return node;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresApiCollection : ICollectionFixture<PostgresClusterFixture>
{
    public const string Name = "postgres-api";
}

/// <summary>The API on PostgreSQL: same behaviour as on SQLite, reads on replicas, read-your-writes for writers.</summary>
[Collection(PostgresApiCollection.Name)]
public sealed class PostgresApiTests(PostgresClusterFixture cluster)
{
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), "condition not met within 15 s");
            await Task.Delay(25);
        }
    }

    private static async Task<List<long>> PostIds(HttpClient client, string username, string? consistency = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{username}/posts");
        if (consistency is not null)
        {
            request.Headers.Add("Stadium-Consistency", consistency);
        }

        var page = await ApiAssert.Json(await client.SendAsync(request));
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task Register_login_post_follow_and_feed_work_on_postgres()
    {
        await using var node = await cluster.StartNodeAsync();
        using var alice = await node.NewUserAsync();
        using var bob = await node.NewUserAsync();
        (await alice.Client.PutAsync($"/v1/users/{bob.Username}/follow", null)).EnsureSuccessStatusCode();
        var post = (await PostsTests.CreatePost(bob, "hello from postgres")).GetProperty("id").GetInt64();
        var feed = await ApiAssert.Json(await alice.Client.GetAsync("/v1/feed"));
        Assert.Equal(post, feed.GetProperty("items")[0].GetProperty("id").GetInt64());

        var profile = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{bob.Username}"));
        Assert.Equal(1, profile.GetProperty("followers").GetInt32());
        Assert.Equal(1, profile.GetProperty("posts").GetInt32());
    }

    [Fact]
    public async Task With_replay_paused_the_writer_reads_its_write_others_see_it_after_resume_or_with_the_consistency_token()
    {
        await using var node = await cluster.StartNodeAsync();
        using var writer = await node.NewUserAsync();
        using var other = await node.NewUserAsync();
        var database = (Stadium.Data.Postgres.PostgresDatabase)node.App.Services.GetService(typeof(Stadium.Data.Postgres.PostgresDatabase))!;
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));

        await cluster.Cluster.PauseReplayAsync("replica1", CancellationToken.None);
        try
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "read your writes" }) };
            var created = await writer.Client.SendAsync(create);
            var post = (await ApiAssert.Json(created, HttpStatusCode.Created)).GetProperty("id").GetInt64();
            var token = created.Headers.GetValues("Stadium-Consistency").Single();

            Assert.Contains(post, await PostIds(writer.Client, writer.Username));
            Assert.DoesNotContain(post, await PostIds(other.Client, writer.Username));
            // A client carrying the write's consistency token (another device, another node) sees it too.
            Assert.Contains(post, await PostIds(other.Client, writer.Username, token));

            await cluster.Cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()", CancellationToken.None);
            await Eventually(async () => (await PostIds(other.Client, writer.Username)).Contains(post));
        }
        finally
        {
            await cluster.Cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()", CancellationToken.None);
        }
    }

    private static async Task<List<long>> FeedIds(HttpClient client)
    {
        var page = await ApiAssert.Json(await client.GetAsync("/v1/feed"));
        return page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task On_replicas_and_redis_a_post_shows_at_once_to_its_writer_and_in_a_follower_s_timeline_rebuilt_while_the_replica_lags()
    {
        var redis = new LocalRedis();
        await redis.InitializeAsync();
        try
        {
            await using var node = await cluster.StartNodeAsync(new() { ["Stadium:Redis:Configuration"] = redis.Configuration });
            using var author = await node.NewUserAsync();
            using var fan = await node.NewUserAsync();
            (await fan.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
            var database = (Stadium.Data.Postgres.PostgresDatabase)node.App.Services.GetService(typeof(Stadium.Data.Postgres.PostgresDatabase))!;
            await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));

            await cluster.Cluster.PauseReplayAsync("replica1", CancellationToken.None);
            try
            {
                // The fan's home timeline is not in Redis (the follow dropped it), so the post's push skips it.
                var post = (await PostsTests.CreatePost(author, "seen at once")).GetProperty("id").GetInt64();

                // The writer reads their own write at once: own posts, own feed.
                Assert.Contains(post, await PostIds(author.Client, author.Username));
                Assert.Contains(post, await FeedIds(author.Client));

                // The replica still serves the fan the past ...
                Assert.True(database.Replicas[0].Healthy);
                var seenByFan = await PostIds(fan.Client, author.Username);
                Assert.True(!seenByFan.Contains(post), $"the fan saw the post; replica healthy {database.Replicas[0].Healthy}, lag {database.Replicas[0].LagBytes} B / {database.Replicas[0].LagTime}, primary answering {database.PrimaryAnswering}");
                // ... yet the fan's timeline, rebuilt into Redis now, has the post, and keeps it.
                Assert.Contains(post, await FeedIds(fan.Client));
                await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
                Assert.NotNull(await connection.GetDatabase().SortedSetScoreAsync($"tl:h:{fan.Id}", post));
            }
            finally
            {
                await cluster.Cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()", CancellationToken.None);
            }
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_post_the_lagging_replica_lacks_is_not_cached_as_deleted_on_another_node()
    {
        // Two nodes on one database, no Redis: each has its own post cache, so the second must load the post.
        var database = await cluster.Cluster.NewDatabaseAsync(CancellationToken.None);
        await using var writerNode = await cluster.StartNodeAsync(database: database);
        await using var readerNode = await cluster.StartNodeAsync(database: database);
        using var author = await writerNode.NewUserAsync();
        var store = (Stadium.Data.Postgres.PostgresDatabase)readerNode.App.Services.GetService(typeof(Stadium.Data.Postgres.PostgresDatabase))!;
        await Eventually(() => Task.FromResult(store.Replicas[0] is { Healthy: true, LagBytes: 0 }));
        using var reader = readerNode.CreateClient();

        await cluster.Cluster.PauseReplayAsync("replica1", CancellationToken.None);
        long post;
        try
        {
            post = (await PostsTests.CreatePost(author, "not gone")).GetProperty("id").GetInt64();
            Assert.True(store.Replicas[0].Healthy);
            Assert.DoesNotContain(post, await PostIds(reader, author.Username));

            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/posts/{post}")).StatusCode);
        }
        finally
        {
            await cluster.Cluster.AdminAsync("replica1", "SELECT pg_wal_replay_resume()", CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/posts/{post}")).StatusCode);
    }

    [Fact]
    public async Task A_saturated_pool_answers_a_fast_503_problem_instead_of_hanging()
    {
        await using var node = await cluster.StartNodeAsync(new()
        {
            ["Stadium:Store:Postgres:MaxPoolSize"] = "1",
            ["Stadium:Store:Postgres:PoolWaitTimeout"] = "00:00:01",
            // The stuck write waits for the rollback below, not for a command timeout a stalled machine could reach first.
            ["Stadium:Store:Postgres:CommandTimeout"] = "00:00:30",
        });
        using var user = await node.NewUserAsync();

        // Hold a lock so the node's only primary connection gets stuck inside a write.
        var database = new NpgsqlConnectionStringBuilder(node.App.Services.GetRequiredPostgresPrimary()).Database!;
        await using var admin = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await admin.OpenAsync();
        await using var transaction = await admin.BeginTransactionAsync();
        await using (var lockUsers = new NpgsqlCommand("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", admin, transaction))
        {
            await lockUsers.ExecuteNonQueryAsync();
        }

        var stuck = user.Client.PatchAsJsonAsync("/v1/me", new { bio = "waits for the lock" });
        // Until the first write holds the only connection (waiting on the lock): a fixed pause could end before it got
        // there on a loaded machine, and the second write would then take the connection and wait on the lock itself.
        await WaitForLockWaitAsync(database);
        var clock = Stopwatch.StartNew();
        var shed = await user.Client.PatchAsJsonAsync("/v1/me", new { bio = "finds no connection" });
        clock.Stop();
        await transaction.RollbackAsync();

        Assert.Equal("Database busy", (await ApiAssert.Problem(shed, HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString());
        Assert.NotNull(shed.Headers.RetryAfter);
        // About the 1 s pool wait; a pool that ignored it would wait Npgsql's default 15 s (or for the 30 s command timeout).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.OK, (await stuck).StatusCode);
    }

    /// <summary>Until a statement of the node waits on a lock in <paramref name="database"/> (seen from a connection of its own).</summary>
    private async Task WaitForLockWaitAsync(string database)
    {
        await using var watcher = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await watcher.OpenAsync();
        await Eventually(async () =>
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()", watcher);
            return (long)(await waiting.ExecuteScalarAsync())! > 0;
        });
    }

    [Fact]
    public async Task While_the_primary_is_frozen_the_node_stays_ready_as_degraded_and_serves_feeds_and_refuses_writes()
    {
        await using var node = await cluster.StartNodeAsync(new() { ["Stadium:Store:Postgres:ReplicaProbeTimeout"] = "00:00:03" });
        using var author = await node.NewUserAsync();
        using var fan = await node.NewUserAsync();
        (await fan.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        var post = (await ApiAssert.Json(await author.Client.PostAsJsonAsync("/v1/posts", new { text = "before the outage" }), HttpStatusCode.Created))
            .GetProperty("id").GetInt64();
        var database = (Stadium.Data.Postgres.PostgresDatabase)node.App.Services.GetService(typeof(Stadium.Data.Postgres.PostgresDatabase))!;
        await Eventually(() => Task.FromResult(database.Replicas[0] is { Healthy: true, LagBytes: 0 }));
        // Past the writers' read-your-writes window, so the fan's reads may use the replica.
        await Task.Delay(TimeSpan.FromMilliseconds(100));

        using (cluster.Cluster.Freeze("primary"))
        {
            await Eventually(() => Task.FromResult(!database.PrimaryAnswering));
            var ready = await node.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var readiness = await ready.Content.ReadAsStringAsync();
            Assert.StartsWith("Degraded: store: Primary unreachable", readiness, StringComparison.Ordinal);

            var feed = await ApiAssert.Json(await fan.Client.GetAsync("/v1/feed"));
            Assert.Contains(post, feed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));
            await ApiAssert.Problem(await author.Client.PostAsJsonAsync("/v1/posts", new { text = "during the outage" }), HttpStatusCode.ServiceUnavailable);
        }

        await Eventually(async () => await (await node.CreateClient().GetAsync("/health/ready")).Content.ReadAsStringAsync() == "Healthy");
    }

    [Fact]
    public async Task A_statement_the_primary_does_not_answer_in_time_gives_a_503_problem_and_writes_nothing()
    {
        await using var node = await cluster.StartNodeAsync(new() { ["Stadium:Store:Postgres:CommandTimeout"] = "00:00:01" });
        using var user = await node.NewUserAsync();
        var database = new NpgsqlConnectionStringBuilder(node.App.Services.GetRequiredPostgresPrimary()).Database!;
        await using var admin = new NpgsqlConnection(cluster.Cluster.AdminConnectionString("primary", database));
        await admin.OpenAsync();
        HttpResponseMessage timedOut;
        var clock = Stopwatch.StartNew();
        await using (var transaction = await admin.BeginTransactionAsync())
        {
            await using (var lockUsers = new NpgsqlCommand("LOCK TABLE users IN ACCESS EXCLUSIVE MODE", admin, transaction))
            {
                await lockUsers.ExecuteNonQueryAsync();
            }

            timedOut = await user.Client.PatchAsJsonAsync("/v1/me", new { bio = "never answered" });
            clock.Stop();
            await transaction.RollbackAsync();
        }

        var problem = await ApiAssert.Problem(timedOut, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Store unavailable", problem.GetProperty("title").GetString());
        Assert.NotNull(timedOut.Headers.RetryAfter);
        // 1 s command timeout plus Npgsql's wait for the cancellation, not its default 30 s.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        await using var bio = new NpgsqlCommand("SELECT bio FROM users WHERE id = $1", admin) { Parameters = { new() { Value = user.Id } } };
        Assert.Equal("", await bio.ExecuteScalarAsync());
    }
}

internal static class NodeServices
{
    public static string GetRequiredPostgresPrimary(this IServiceProvider services) =>
        ((Stadium.Data.Postgres.PostgresDatabase)services.GetService(typeof(Stadium.Data.Postgres.PostgresDatabase))!).Primary.ConnectionString;
}
