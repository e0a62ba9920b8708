using Npgsql;
using Stadium.Data.Postgres;
using Stadium.Infra;

namespace Stadium.Jobs.Tests;

/// <summary>A real PostgreSQL primary (no replica: the queue lives on the primary), one database per test.</summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private TestCluster? _cluster;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _cluster = await TestCluster.StartAsync(new TestClusterOptions(Replicas: 0), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A fresh, migrated database owned by the application user; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "j_" + Guid.NewGuid().ToString("n")[..16];
        var owner = new NpgsqlConnectionStringBuilder(Cluster.PrimaryConnectionString).Username;
        await using (var admin = new NpgsqlConnection(Cluster.AdminConnectionString("primary", "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER \"{owner}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(Cluster.PrimaryConnectionString) { Database = name }.ConnectionString;
        await using var source = NpgsqlDataSource.Create(connectionString);
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);
        return connectionString;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
