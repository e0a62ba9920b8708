using Stadium.Data.Postgres;
using Stadium.Testing;

namespace Stadium.Data.Tests;

/// <summary>
/// A real PostgreSQL primary with one streaming replica (and Redis), started once for the collection by
/// the same launcher as `stadium infra up`. Each test gets its own database, so tests never share rows.
/// </summary>
public sealed class PostgresCluster() : TestClusterFixture(new TestClusterOptions(Replicas: 1))
{
    /// <summary>A fresh database on the cluster, as store options (replica probes fast, for tests).</summary>
    public async Task<PostgresOptions> NewDatabaseAsync(Action<PostgresOptions>? configure = null)
    {
        var database = await Cluster.NewDatabaseAsync(CancellationToken.None);
        var options = new PostgresOptions
        {
            Primary = database.Primary,
            Replicas = database.Replicas.ToList(),
            ReplicaProbeInterval = TimeSpan.FromMilliseconds(20),
            // CI runs five test projects at once on two cores: a probe slower than the production second there is
            // the machine, not the replica, and would move reads the tests expect on the replica to the primary.
            ReplicaProbeTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        return options;
    }

    public Task AdminAsync(string server, string sql) => Cluster.AdminAsync(server, sql, CancellationToken.None);
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
