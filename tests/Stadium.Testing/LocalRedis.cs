using Stadium.Infra;

namespace Stadium.Testing;

/// <summary>
/// One redis-server of our own on a free loopback port, started by the same launcher code as
/// `stadium infra up`, that a test may stop and start again on the same port (an outage and its end).
/// An orphan guard stops it and removes its folder if the test host dies first.
/// </summary>
public sealed class LocalRedis : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stadium-redis-{Guid.NewGuid():N}"[..22]);
    private RedisServer _server = null!;

    public string Configuration => _server.Configuration;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        OrphanGuard.Watch(_dir);
        _server = new RedisServer(new BinaryLocator().LocateRedis(), Path.Combine(_dir, "redis"), FreePort.Pick());
        await _server.StartAsync(CancellationToken.None);
    }

    /// <summary>Stops the server (SIGTERM, like a crash of the cache tier to its clients).</summary>
    public Task StopAsync() => _server.StopAsync(_server.ReadPid(), CancellationToken.None);

    /// <summary>A new, empty redis-server on the same port.</summary>
    public Task StartAgainAsync() => _server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
