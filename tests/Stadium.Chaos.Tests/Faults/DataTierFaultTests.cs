using Microsoft.Extensions.Time.Testing;
using Npgsql;
using StackExchange.Redis;
using Stadium.Chaos.Faults;
using Stadium.Infra;
using Stadium.Testing;

namespace Stadium.Chaos.Tests.Faults;

/// <summary>Faults on real servers of a data tier (a primary, one streaming replica, Redis), reverted after their duration.</summary>
public sealed class DataTierFaultTests(TestClusterFixture fixture) : IClassFixture<TestClusterFixture>
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Replica_lag_hides_the_primarys_writes_on_the_replica_until_its_duration_ends()
    {
        var database = await Cluster.NewDatabaseAsync(CancellationToken.None);
        await ExecuteAsync(database.Primary, "CREATE TABLE marks (id int)");
        var replica = database.Replicas[0];
        Assert.True(await EventuallyAsync(async () => await CountAsync(replica, "SELECT count(*) FROM pg_tables WHERE tablename = 'marks'") == 1));

        var time = new FakeTimeProvider();
        var run = new FaultRunner(Cluster.Dir, TextWriter.Null, time, "/nonexistent")
            .RunAsync(new FaultSpec("replica-lag", "replica-1", TimeSpan.FromSeconds(20), NoAttributes), CancellationToken.None);
        Assert.True(await EventuallyAsync(async () => await ScalarAsync(Cluster.AdminConnectionString("replica1"), "SELECT pg_get_wal_replay_pause_state()") is "paused"));

        await ExecuteAsync(database.Primary, "INSERT INTO marks VALUES (1)");
        // The write has reached the standby's disk or soon will; paused replay keeps it out of reads however long we look.
        await Task.Delay(500);
        Assert.Equal(0, await CountAsync(replica, "SELECT count(*) FROM marks"));

        await time.FinishAsync(run, TimeSpan.FromSeconds(20));
        Assert.True(await EventuallyAsync(async () => await CountAsync(replica, "SELECT count(*) FROM marks") == 1), "the write never reached the replica after the pause");
    }

    [Fact]
    public async Task A_killed_redis_is_started_again_when_its_fault_ends()
    {
        var redis = Cluster.Server("redis");
        var time = new FakeTimeProvider();
        var run = new FaultRunner(Cluster.Dir, TextWriter.Null, time, "/nonexistent")
            .RunAsync(new FaultSpec("kill", "redis", TimeSpan.FromSeconds(5), NoAttributes), CancellationToken.None);
        Assert.True(await EventuallyAsync(() => Task.FromResult(!UnixProcess.IsAlive(redis.Pid))), "redis was not killed");
        Assert.False(await FreePort.IsListeningAsync(redis.Port, CancellationToken.None));

        await time.FinishAsync(run, TimeSpan.FromSeconds(5));
        await using var client = await ConnectionMultiplexer.ConnectAsync(Cluster.RedisConfiguration);
        Assert.Equal("back", (string?)await client.GetDatabase().ExecuteAsync("ECHO", "back"));
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await HoldsAsync(condition))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    /// <summary>A database just created on the primary reaches the standby a moment later: until then it does not hold.</summary>
    private static async Task<bool> HoldsAsync(Func<Task<bool>> condition)
    {
        try
        {
            return await condition();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return false;
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<long> CountAsync(string connectionString, string sql) => Convert.ToInt64(await ScalarAsync(connectionString, sql), System.Globalization.CultureInfo.InvariantCulture);
}
