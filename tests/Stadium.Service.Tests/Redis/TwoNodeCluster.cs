using Stadium.Testing;

namespace Stadium.Service.Tests.Redis;

/// <summary>
/// Two API nodes sharing one PostgreSQL store and one Redis (cache L2 + backplane, timelines,
/// revocations), started once for the collection on servers from the same launcher as `stadium infra up`.
/// The store is the primary alone: these tests are about the cache tier, not replica lag.
/// </summary>
public sealed class TwoNodeCluster() : TestClusterFixture(new TestClusterOptions(Replicas: 0))
{
    public ConfiguredNode A { get; private set; } = null!;

    public ConfiguredNode B { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Stadium:Store:Provider"] = "Postgres",
            ["Stadium:Store:Postgres:Primary"] = Cluster.PrimaryConnectionString,
            ["Stadium:Redis:Configuration"] = Cluster.RedisConfiguration,
        };
        A = new ConfiguredNode(settings);
        B = new ConfiguredNode(settings);
        await A.InitializeAsync();
        await B.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoNodeCollection : ICollectionFixture<TwoNodeCluster>
{
    public const string Name = "two nodes, one Redis";
}
