using Dapper;
using Npgsql;
using Stadium.Data.Postgres;
using Stadium.Infra;

namespace Stadium.Data.Tests;

/// <summary>
/// A real PostgreSQL primary with one streaming replica (and Redis), started once for the collection by
/// the same launcher as `stadium infra up`. Each test gets its own database, so tests never share rows.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _cluster = await TestCluster.StartAsync(new TestClusterOptions(Replicas: 1), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Creates an empty database owned by the application user; returns options pointing at it on every server.</summary>
    public async Task<PostgresOptions> NewDatabaseAsync(Action<PostgresOptions>? configure = null)
    {
        var name = "t_" + Guid.NewGuid().ToString("n")[..16];
        var owner = new NpgsqlConnectionStringBuilder(Cluster.PrimaryConnectionString).Username;
        await using (var admin = new NpgsqlConnection(Cluster.AdminConnectionString("primary", "postgres")))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name} OWNER \"{owner}\"");
        }

        var options = new PostgresOptions
        {
            Primary = WithDatabase(Cluster.PrimaryConnectionString, name),
            Replicas = Cluster.ReplicaConnectionStrings.Select(r => WithDatabase(r, name)).ToList(),
            ReplicaProbeInterval = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Runs SQL as superuser on one server (pausing WAL replay needs it).</summary>
    public async Task AdminAsync(string server, string sql)
    {
        await using var admin = new NpgsqlConnection(Cluster.AdminConnectionString(server, "postgres"));
        await admin.ExecuteAsync(sql);
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
