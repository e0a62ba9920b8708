namespace Stadium.Testing;

/// <summary>
/// An xunit fixture owning one <see cref="TestCluster"/>, started once for the tests that share it and stopped and
/// removed after them. Tests sharing it take a database each (<see cref="TestCluster.NewDatabaseAsync"/>), so they
/// never share rows. A derived fixture chooses the servers and adds what its tests ask the cluster for
/// (store options, a migrated database, an API node).
/// </summary>
public class TestClusterFixture : IAsyncLifetime
{
    /// <summary>initdb, a base backup per standby and Redis take seconds; minutes means a server is stuck.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly TestClusterOptions _options;
    private TestCluster? _cluster;

    /// <summary>A primary with one streaming replica, and Redis.</summary>
    public TestClusterFixture()
        : this(new TestClusterOptions(Replicas: 1))
    {
    }

    protected TestClusterFixture(TestClusterOptions options) => _options = options;

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster has not started");

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        _cluster = await TestCluster.StartAsync(_options, timeout.Token);
    }

    public virtual async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
