using Npgsql;
using Stadium.Testing;

namespace Stadium.Infra.Tests;

[Collection(InfraCollection.Name)]
public sealed class ReplicationTests(TestClusterFixture fixture)
{
    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromSeconds(10);

    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_write_on_the_primary_becomes_visible_on_the_replica()
    {
        var table = await CreateTableAsync();
        await ExecuteAsync(Cluster.PrimaryConnectionString, $"INSERT INTO {table} (note) VALUES ('hello from primary')");

        Assert.True(
            await Eventually.BecomesTrueAsync(() => ReplicaHasAsync(table, "hello from primary"), ReplicationTimeout),
            "the row never reached the replica");
    }

    [Fact]
    public async Task The_replica_refuses_writes()
    {
        var table = await CreateTableAsync();

        var refusal = await Assert.ThrowsAsync<PostgresException>(
            () => ExecuteAsync(Cluster.ReplicaConnectionStrings[0], $"INSERT INTO {table} (note) VALUES ('x')"));

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, refusal.SqlState);
    }

    [Fact]
    public async Task Pausing_replay_freezes_the_replica_until_it_resumes()
    {
        var table = await CreateTableAsync();
        var replicaAdmin = Cluster.AdminConnectionString("replica1");
        await ExecuteAsync(replicaAdmin, "SELECT pg_wal_replay_pause()");
        try
        {
            Assert.True(await Eventually.BecomesTrueAsync(
                async () => await ScalarAsync<string>(replicaAdmin, "SELECT pg_get_wal_replay_pause_state()") == "paused",
                ReplicationTimeout));

            await ExecuteAsync(Cluster.PrimaryConnectionString, $"INSERT INTO {table} (note) VALUES ('written while paused')");
            // Far longer than the replica's lag here (a few ms): a running replica would have the row by then.
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            Assert.False(await ReplicaHasAsync(table, "written while paused"));
        }
        finally
        {
            await ExecuteAsync(replicaAdmin, "SELECT pg_wal_replay_resume()");
        }

        Assert.True(
            await Eventually.BecomesTrueAsync(() => ReplicaHasAsync(table, "written while paused"), ReplicationTimeout),
            "the row did not arrive after replay resumed");
    }

    /// <summary>A table of its own per test, created on the primary and waited for on the replica.</summary>
    private async Task<string> CreateTableAsync()
    {
        var table = $"notes_{Guid.NewGuid():N}";
        await ExecuteAsync(Cluster.PrimaryConnectionString, $"CREATE TABLE {table} (id serial PRIMARY KEY, note text NOT NULL)");
        Assert.True(await Eventually.BecomesTrueAsync(
            async () => await ScalarAsync<bool>(Cluster.ReplicaConnectionStrings[0], $"SELECT to_regclass('{table}') IS NOT NULL"),
            ReplicationTimeout));
        return table;
    }

    private async Task<bool> ReplicaHasAsync(string table, string note) =>
        await ScalarAsync<long>(Cluster.ReplicaConnectionStrings[0], $"SELECT count(*) FROM {table} WHERE note = '{note}'") == 1;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
