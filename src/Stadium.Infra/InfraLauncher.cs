using Stadium.Infra.Chaos;

namespace Stadium.Infra;

/// <summary>
/// Starts a PostgreSQL primary, its streaming standbys and a Redis server in one folder, and stops them
/// again from the settings file, possibly in a later process. The CLI and the test fixtures both use it.
/// </summary>
public sealed class InfraLauncher
{
    private readonly BinaryLocator _locator;
    private readonly ServerAccount _account;

    /// <summary>Debian's programs, run as this process's account (as <c>postgres</c> when this process is root).</summary>
    public InfraLauncher()
        : this(new BinaryLocator(), ServerAccount.ForCurrentProcess())
    {
    }

    internal InfraLauncher(BinaryLocator locator, ServerAccount account)
    {
        _locator = locator;
        _account = account;
    }

    /// <summary>
    /// Starts every server and writes <c>Dir/stadium.json</c>. The file is rewritten as each server is
    /// recorded, so a crash half-way still leaves what <see cref="DownAsync"/> needs; a failure stops
    /// what was started before the exception surfaces.
    /// </summary>
    public async Task<InfraSettings> UpAsync(InfraUpOptions options, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Replicas);
        // Find both programs before touching the folder, so a missing package fails fast and cleanly.
        var postgres = _locator.LocatePostgres();
        var redisBinary = _locator.LocateRedis();
        // Primary, replicas, then Redis (then the fault proxy's API and one listen port per server): chosen (and
        // checked) before the folder is touched.
        var count = options.Chaos is null ? options.Replicas + 2 : (2 * options.Replicas) + 5;
        var ports = options.BasePort is { } basePort
            ? FreePort.Consecutive(basePort, count)
            : [.. Enumerable.Range(0, count).Select(_ => FreePort.Pick())];

        var dir = Path.GetFullPath(options.Dir);
        var settingsPath = InfraSettingsFile.PathIn(dir);
        await ClearPreviousRunAsync(settingsPath, ct);
        await _account.PrepareFolderAsync(dir, ct);

        var credentials = PostgresCredentials.Generate();
        var cluster = new PostgresCluster(postgres, _account, credentials, options.Tuning ?? new PostgresTuning());
        var progress = new RunProgress(dir, settingsPath, credentials);
        try
        {
            var redis = new RedisServer(redisBinary, Path.Combine(dir, "redis"), ports[options.Replicas + 1]);
            await progress.RecordAsync(new ServerRecord("redis", ServerRoles.Cache, ServerRoles.RedisKind, redis.Port, redis.Folder, 0), ct);
            await redis.StartAsync(ct);
            await progress.SetPidAsync("redis", redis.ReadPid(), ct);

            var primaryRecord = new ServerRecord(
                ServerRoles.Primary, ServerRoles.Primary, ServerRoles.PostgresKind, ports[0], Path.Combine(dir, ServerRoles.Primary), 0);
            await progress.RecordAsync(primaryRecord, ct);
            var primary = await cluster.CreatePrimaryAsync(primaryRecord.DataDir, primaryRecord.Port, ct);
            await progress.SetPidAsync(primary.Name, primary.ReadPid(), ct);

            var replicaRecords = new List<ServerRecord>();
            for (var i = 1; i <= options.Replicas; i++)
            {
                var name = $"replica{i}";
                var record = new ServerRecord(name, ServerRoles.Replica, ServerRoles.PostgresKind, ports[i], Path.Combine(dir, name), 0);
                await progress.RecordAsync(record, ct);
                replicaRecords.Add(record);
            }

            // Each standby copies the primary on its own, so they are made side by side.
            var replicas = await Task.WhenAll(
                replicaRecords.Select(r => cluster.CreateReplicaAsync(primary, r.Name, r.DataDir, r.Port, ct)));
            foreach (var replica in replicas)
            {
                await progress.SetPidAsync(replica.Name, replica.ReadPid(), ct);
            }

            await cluster.WaitUntilStreamingAsync(primary, [.. replicaRecords.Select(r => r.Name)], ct);
            if (options.Chaos is { } chaos)
            {
                await StartChaosProxyAsync(chaos, progress, dir, ports[(options.Replicas + 2)..], ct);
            }

            return progress.Settings;
        }
        catch
        {
            await DownAsync(progress.Settings, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Stops the servers the settings name, the fault proxy first (nothing reaches a server through it any more),
    /// then standbys, primary and Redis; servers already stopped are skipped.
    /// </summary>
    public async Task DownAsync(InfraSettings settings, CancellationToken ct)
    {
        var servers = settings.Infra.Servers;
        foreach (var proxy in servers.Where(s => s.Kind == ServerRoles.ChaosProxyKind))
        {
            await ChaosProxyServer.StopAsync(proxy, ct);
        }

        PostgresBinaries? postgres = null;
        foreach (var server in servers.Where(s => s.Role == ServerRoles.Replica).Concat(servers.Where(s => s.Role == ServerRoles.Primary)))
        {
            postgres ??= _locator.LocatePostgres();
            await new PostgresServer(postgres, _account, server.Name, server.DataDir, server.Port).StopAsync(ct);
        }

        foreach (var server in servers.Where(s => s.Kind == ServerRoles.RedisKind))
        {
            await new RedisServer("redis-server", server.DataDir, server.Port).StopAsync(server.Pid, ct);
        }
    }

    /// <summary>
    /// Starts one recorded server again after it was stopped or killed (a fault's undo): PostgreSQL with pg_ctl on its
    /// data directory, Redis as a new daemon on its port; the fault proxy and servers that run are left as they are.
    /// </summary>
    public async Task StartServerAsync(InfraSettings settings, string name, CancellationToken ct)
    {
        var server = settings.Infra.Servers.Single(s => s.Name == name);
        if (await IsRunningAsync(server, ct))
        {
            return;
        }

        if (server.Kind == ServerRoles.RedisKind)
        {
            await new RedisServer(_locator.LocateRedis(), server.DataDir, server.Port).StartAsync(ct);
        }
        else if (server.Kind == ServerRoles.PostgresKind)
        {
            await new PostgresServer(_locator.LocatePostgres(), _account, server.Name, server.DataDir, server.Port).StartAsync(ct);
        }
    }

    /// <summary>Reads <c>Dir/stadium.json</c> and stops its servers.</summary>
    public async Task<InfraSettings> DownAsync(string dir, CancellationToken ct)
    {
        var settings = await InfraSettingsFile.LoadAsync(InfraSettingsFile.PathIn(dir), ct);
        await DownAsync(settings, ct);
        return settings;
    }

    /// <summary>
    /// A folder that an earlier <c>up</c> used is reused only once its servers are down; their data is
    /// then removed so the new servers start from nothing.
    /// </summary>
    private async Task ClearPreviousRunAsync(string settingsPath, CancellationToken ct)
    {
        if (!File.Exists(settingsPath))
        {
            return;
        }

        var previous = await InfraSettingsFile.LoadAsync(settingsPath, ct);
        var folder = Path.GetDirectoryName(settingsPath)! + Path.DirectorySeparatorChar;
        foreach (var server in previous.Infra.Servers)
        {
            if (await IsRunningAsync(server, ct))
            {
                throw new InfraCommandException(
                    $"{server.Name} from an earlier `stadium infra up` still runs on 127.0.0.1:{server.Port}: " +
                    $"run `stadium infra down --dir {previous.Infra.Dir}` first");
            }
        }

        // Only what lies inside this folder is removed, whatever an edited settings file says.
        foreach (var server in previous.Infra.Servers.Where(s => Path.GetFullPath(s.DataDir).StartsWith(folder, StringComparison.Ordinal)))
        {
            if (Directory.Exists(server.DataDir))
            {
                Directory.Delete(server.DataDir, recursive: true);
            }

            File.Delete(server.DataDir + ".log");
        }

        File.Delete(settingsPath);
    }

    private async Task<bool> IsRunningAsync(ServerRecord server, CancellationToken ct) => server.Kind switch
    {
        ServerRoles.RedisKind => new RedisServer("redis-server", server.DataDir, server.Port).RunningPid(server.Pid) is not null,
        ServerRoles.ChaosProxyKind => ChaosProxyServer.IsRunning(server),
        _ => await new PostgresServer(_locator.LocatePostgres(), _account, server.Name, server.DataDir, server.Port).IsRunningAsync(ct),
    };

    /// <summary>
    /// Starts the fault proxy, creates one proxy per server (named as <see cref="ChaosRoutes"/> says) and points the
    /// settings' connection strings at their listen ports; the replicas still stream from the primary directly.
    /// </summary>
    private async Task StartChaosProxyAsync(ChaosProxyLaunch launch, RunProgress progress, string dir, int[] ports, CancellationToken ct)
    {
        var record = new ServerRecord("chaos-proxy", ServerRoles.Chaos, ServerRoles.ChaosProxyKind, ports[0], Path.Combine(dir, "chaos-proxy"), 0);
        await progress.RecordAsync(record, ct);
        var pid = await ChaosProxyServer.StartAsync(launch, record.DataDir, record.Port, ct);
        await progress.SetPidAsync(record.Name, pid, ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var client = new ProxyApiClient(http, ChaosProxyServer.ApiUri(record.Port));
        var servers = progress.Servers.Where(s => s.Kind is ServerRoles.PostgresKind or ServerRoles.RedisKind).ToList();
        for (var i = 0; i < servers.Count; i++)
        {
            var listen = ChaosProxyServer.Api(ports[i + 1]);
            await client.CreateProxyAsync(ChaosRoutes.For(servers[i]), listen, ChaosProxyServer.Api(servers[i].Port), ct);
            progress.Route(servers[i].Name, ports[i + 1]);
        }

        await progress.SetChaosAsync(new ChaosSection(client.Api.ToString().TrimEnd('/')), ct);
    }

    /// <summary>The settings as far as the launch has got, saved after each change.</summary>
    private sealed class RunProgress(string dir, string settingsPath, PostgresCredentials credentials)
    {
        private readonly List<ServerRecord> _servers = [];

        /// <summary>Server name to the proxy listen port the nodes connect to instead of the server's own.</summary>
        private readonly Dictionary<string, int> _routes = [];
        private ChaosSection? _chaos;

        public IReadOnlyList<ServerRecord> Servers => _servers;

        public InfraSettings Settings => new(
            new StadiumSection(
                new StoreSection(
                    "Postgres",
                    new PostgresSection(
                        _servers.Where(s => s.Role == ServerRoles.Primary).Select(s => credentials.AppConnectionString(Port(s))).FirstOrDefault() ?? "",
                        [.. _servers.Where(s => s.Role == ServerRoles.Replica).Select(s => credentials.AppConnectionString(Port(s)))])),
                new RedisSection(_servers.Where(s => s.Kind == ServerRoles.RedisKind).Select(s => $"127.0.0.1:{Port(s)}").FirstOrDefault() ?? "")),
            new InfraSection(dir, credentials.AdminUser, credentials.AdminPassword, [.. _servers], _chaos));

        public void Route(string server, int listenPort) => _routes[server] = listenPort;

        public Task SetChaosAsync(ChaosSection chaos, CancellationToken ct)
        {
            _chaos = chaos;
            return InfraSettingsFile.SaveAsync(settingsPath, Settings, ct);
        }

        private int Port(ServerRecord server) => _routes.GetValueOrDefault(server.Name, server.Port);

        public Task RecordAsync(ServerRecord server, CancellationToken ct)
        {
            _servers.Add(server);
            return InfraSettingsFile.SaveAsync(settingsPath, Settings, ct);
        }

        public Task SetPidAsync(string name, int pid, CancellationToken ct)
        {
            var index = _servers.FindIndex(s => s.Name == name);
            _servers[index] = _servers[index] with { Pid = pid };
            return InfraSettingsFile.SaveAsync(settingsPath, Settings, ct);
        }
    }
}
