using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Stadium.Infra.Chaos;
using Stadium.Testing;

namespace Stadium.Infra.Tests.Chaos;

/// <summary>
/// <c>infra up --chaos</c>: every connection string in stadium.json goes through a named proxy, and an API node on
/// those settings works through them. The proxy is the real <c>stadium chaos proxy</c>, started by the launcher as a
/// daemon of the tier and stopped by <c>down</c>; the test reads its proxies back through Toxiproxy's <c>GET /proxies</c>.
/// </summary>
public sealed class ChaosWiringTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stadium-test-{Guid.NewGuid():N}"[..21]);
    private InfraLauncher _launcher = null!;
    private InfraSettings _settings = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        OrphanGuard.Watch(_dir);
        _launcher = new InfraLauncher(new BinaryLocator(), ServerAccount.ForCurrentProcess());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _settings = await _launcher.UpAsync(
            new InfraUpOptions(_dir, Replicas: 1, new PostgresTuning(Fsync: false), Chaos: new ChaosProxyLaunch(["dotnet", BuiltCli.Path, "chaos", "proxy"])),
            timeout.Token);
    }

    [Fact]
    public async Task Stadium_json_points_every_connection_at_a_named_proxy_of_its_server()
    {
        var written = await InfraSettingsFile.LoadAsync(InfraSettingsFile.PathIn(_dir), CancellationToken.None);
        var api = written.Infra.Chaos?.ProxyApi ?? throw new InvalidOperationException("stadium.json has no chaos section");
        using var http = new HttpClient();
        var proxies = (await http.GetFromJsonAsync<JsonObject>(api + "/proxies"))!;

        Assert.Equal(["primary", "redis", "replica-1"], proxies.Select(p => p.Key).Order());
        Assert.All(proxies, p => Assert.True((bool)p.Value!["enabled"]!, $"{p.Key} is disabled"));
        Assert.Equal($"127.0.0.1:{Server("primary").Port}", (string?)proxies["primary"]!["upstream"]);
        Assert.Equal($"127.0.0.1:{Server("replica1").Port}", (string?)proxies["replica-1"]!["upstream"]);
        Assert.Equal($"127.0.0.1:{Server("redis").Port}", (string?)proxies["redis"]!["upstream"]);

        var store = written.Stadium.Store.Postgres;
        Assert.Equal(Port(proxies["primary"]!), new NpgsqlConnectionStringBuilder(store.Primary).Port);
        Assert.Equal(Port(proxies["replica-1"]!), new NpgsqlConnectionStringBuilder(Assert.Single(store.Replicas)).Port);
        Assert.Equal($"127.0.0.1:{Port(proxies["redis"]!)}", written.Stadium.Redis.Configuration);
        Assert.Contains(written.Infra.Servers, s => s.Kind == ServerRoles.ChaosProxyKind && s.Port == new Uri(api).Port && s.Pid > 0);
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

        using var http = new HttpClient();
        var api = new ProxyApiClient(http, new Uri(_settings.Infra.Chaos!.ProxyApi + "/"));
        await api.SetEnabledAsync("primary", enabled: false, ttlSeconds: null, CancellationToken.None);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(store.Primary));
        await api.SetEnabledAsync("primary", enabled: true, ttlSeconds: null, CancellationToken.None);
        Assert.Equal(1, await QueryAsync(store.Primary));
    }

    public async Task DisposeAsync()
    {
        await _launcher.DownAsync(_dir, CancellationToken.None);
        Directory.Delete(_dir, recursive: true);
    }

    private ServerRecord Server(string name) => _settings.Infra.Servers.Single(s => s.Name == name);

    private static int Port(JsonNode proxy) => new Uri("tcp://" + (string)proxy["listen"]!).Port;

    private static async Task<int> QueryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=3");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }
}
