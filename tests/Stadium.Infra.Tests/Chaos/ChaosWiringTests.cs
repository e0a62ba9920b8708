using System.Net;
using System.Net.Http.Json;
using Npgsql;
using Stadium.Infra.Chaos;
using Stadium.Testing;

namespace Stadium.Infra.Tests.Chaos;

/// <summary>
/// <c>infra up --chaos</c>: every connection string in stadium.json goes through a named proxy, and an API node on
/// those settings works through them. The proxy here is <see cref="ToxiproxyStandIn"/> (plain TCP forwarders behind
/// Toxiproxy's routes) until <c>stadium chaos proxy</c> lands on this branch; then the launcher starts the verb.
/// </summary>
public sealed class ChaosWiringTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stadium-test-{Guid.NewGuid():N}"[..21]);
    private readonly StandInStarter _proxy = new();
    private InfraLauncher _launcher = null!;
    private InfraSettings _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        OrphanGuard.Watch(_dir);
        _launcher = new InfraLauncher(new BinaryLocator(), ServerAccount.ForCurrentProcess(), _proxy);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _settings = await _launcher.UpAsync(
            new InfraUpOptions(_dir, Replicas: 1, new PostgresTuning(Fsync: false), Chaos: new ChaosProxyLaunch(["stadium", "chaos", "proxy"])),
            timeout.Token);
    }

    [Fact]
    public async Task Stadium_json_points_every_connection_at_a_named_proxy_of_its_server()
    {
        var written = await InfraSettingsFile.LoadAsync(InfraSettingsFile.PathIn(_dir), CancellationToken.None);
        var proxies = _proxy.StandIn.Proxies;

        Assert.Equal(_proxy.StandIn.Api, written.Infra.Chaos?.ProxyApi);
        Assert.Equal(["primary", "redis", "replica-1"], proxies.Keys.Order());
        Assert.Equal(Server("primary").Port, proxies["primary"].Upstream.Port);
        Assert.Equal(Server("replica1").Port, proxies["replica-1"].Upstream.Port);
        Assert.Equal(Server("redis").Port, proxies["redis"].Upstream.Port);

        var store = written.Stadium.Store.Postgres;
        Assert.Equal(proxies["primary"].Listen.Port, new NpgsqlConnectionStringBuilder(store.Primary).Port);
        Assert.Equal(proxies["replica-1"].Listen.Port, new NpgsqlConnectionStringBuilder(Assert.Single(store.Replicas)).Port);
        Assert.Equal($"127.0.0.1:{proxies["redis"].Listen.Port}", written.Stadium.Redis.Configuration);
        Assert.Contains(written.Infra.Servers, s => s.Kind == ServerRoles.ChaosProxyKind && s.Port == new Uri(_proxy.StandIn.Api).Port);
    }

    [Fact]
    public async Task A_node_on_the_written_settings_works_through_the_proxies_and_loses_the_store_when_its_proxy_is_down()
    {
        var store = _settings.Stadium.Store.Postgres;
        await using var node = new TestNode
        {
            ExtraSettings = new Dictionary<string, string?>
            {
                ["Stadium:Store:Provider"] = _settings.Stadium.Store.Provider,
                ["Stadium:Store:Postgres:Primary"] = store.Primary,
                ["Stadium:Store:Postgres:Replicas:0"] = store.Replicas[0],
                ["Stadium:Redis:Configuration"] = _settings.Stadium.Redis.Configuration,
            },
        };
        await node.InitializeAsync();
        using var client = node.CreateClient();

        var register = await client.PostAsJsonAsync("/v1/auth/register", new { username = "through", email = "t@example.com", password = "twelve chars ok" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/users/through")).StatusCode);
        foreach (var proxy in _proxy.StandIn.Proxies.Values)
        {
            // The replica monitor probes its standby in the background; the primary and Redis served the requests.
            Assert.True(await Eventually.BecomesTrueAsync(() => Task.FromResult(proxy.Connections > 0), TimeSpan.FromSeconds(30)), $"nothing went through {proxy.Name}");
        }

        using var http = new HttpClient();
        var api = new ProxyApiClient(http, new Uri(_proxy.StandIn.Api + "/"));
        await api.SetEnabledAsync("primary", enabled: false, ttlSeconds: null, CancellationToken.None);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(store.Primary));
        await api.SetEnabledAsync("primary", enabled: true, ttlSeconds: null, CancellationToken.None);
        Assert.Equal(1, await QueryAsync(store.Primary));
    }

    public async Task DisposeAsync()
    {
        await _launcher.DownAsync(_dir, CancellationToken.None);
        await _proxy.StandIn.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private ServerRecord Server(string name) => _settings.Infra.Servers.Single(s => s.Name == name);

    private static async Task<int> QueryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
