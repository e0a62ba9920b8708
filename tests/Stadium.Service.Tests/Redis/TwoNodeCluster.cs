using Stadium.Infra;

namespace Stadium.Service.Tests.Redis;

/// <summary>
/// Two API nodes sharing one PostgreSQL store and one Redis (cache L2 + backplane, timelines,
/// revocations), started once for the collection on servers from the same launcher as `stadium infra up`.
/// The store is the primary alone: these tests are about the cache tier, not replica lag.
/// </summary>
public sealed class TwoNodeCluster : IAsyncLifetime
{
    private TestCluster? _cluster;

    public ConfiguredNode A { get; private set; } = null!;

    public ConfiguredNode B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _cluster = await TestCluster.StartAsync(new TestClusterOptions(Replicas: 0), timeout.Token);
        var settings = new Dictionary<string, string?>
        {
            ["Stadium:Store:Provider"] = "Postgres",
            ["Stadium:Store:Postgres:Primary"] = _cluster.PrimaryConnectionString,
            ["Stadium:Redis:Configuration"] = _cluster.RedisConfiguration,
        };
        A = new ConfiguredNode(settings);
        B = new ConfiguredNode(settings);
        await A.InitializeAsync();
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TwoNodeCollection : ICollectionFixture<TwoNodeCluster>
{
    public const string Name = "two nodes, one Redis";
}
