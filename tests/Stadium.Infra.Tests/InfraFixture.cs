using Stadium.Infra;

namespace Stadium.Infra.Tests;

/// <summary>One primary, one streaming replica and one Redis for the whole collection, started by the launcher itself.</summary>
public sealed class InfraFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private TestCluster? cluster;

    public TestCluster Cluster => cluster ?? throw new InvalidOperationException("the cluster has not started");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        cluster = await TestCluster.StartAsync(new TestClusterOptions(Replicas: 1), timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraFixture>
{
    public const string Name = "infra";
}
