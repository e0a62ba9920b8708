using Npgsql;
using Stadium.Data.Postgres;
using Stadium.Testing;

namespace Stadium.Jobs.Tests;

/// <summary>A real PostgreSQL primary (no replica: the queue lives on the primary), one database per test.</summary>
public sealed class PostgresCluster() : TestClusterFixture(new TestClusterOptions(Replicas: 0))
{
    /// <summary>A fresh, migrated database owned by the application user; returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var database = await Cluster.NewDatabaseAsync(CancellationToken.None);
        await using var source = NpgsqlDataSource.Create(database.Primary);
        await PostgresSchema.MigrateAsync(source, CancellationToken.None);
        return database.Primary;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
