using Stadium.Infra;

namespace Stadium.Testing;

/// <summary>
/// A primary, its standbys and a Redis started for a test run through the same launcher as
/// <c>stadium infra up</c>, in a fresh temporary folder that disposal stops and removes. Test projects
/// wrap it in an xunit fixture; an <see cref="OrphanGuard"/> cleans up if the test host dies first.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly InfraLauncher _launcher;
    private int _disposed;

    private TestCluster(InfraLauncher launcher, InfraSettings settings)
    {
        _launcher = launcher;
        Settings = settings;
    }

    public InfraSettings Settings { get; }

    public string Dir => Settings.Infra.Dir;

    public string SettingsPath => InfraSettingsFile.PathIn(Dir);

    /// <summary>The application user's connection string to the primary (database <c>stadium</c>).</summary>
    public string PrimaryConnectionString => Settings.Stadium.Store.Postgres.Primary;

    public IReadOnlyList<string> ReplicaConnectionStrings => Settings.Stadium.Store.Postgres.Replicas;

    public string RedisConfiguration => Settings.Stadium.Redis.Configuration;

    public ServerRecord Server(string name) => Settings.Infra.Servers.Single(s => s.Name == name);

    /// <summary>A superuser connection string, for what the application user may not do (pausing replay, say).</summary>
    public string AdminConnectionString(string serverName, string database = "stadium") =>
        PostgresCredentials.AdminConnectionString(Settings.Infra, Server(serverName).Port, database);

    public static async Task<TestCluster> StartAsync(TestClusterOptions options, CancellationToken ct)
    {
        var dir = options.Dir ?? Path.Combine(Path.GetTempPath(), $"stadium-test-{Guid.NewGuid():N}"[..21]);
        var locator = new BinaryLocator();
        var account = ServerAccount.ForCurrentProcess();
        var launcher = new InfraLauncher(locator, account);
        // The guard watches from before the first server starts, so a run killed during `up` leaves nothing behind.
        await account.PrepareFolderAsync(dir, ct);
        OrphanGuard.Watch(Environment.ProcessId, dir, locator.LocatePostgres(), account);
        var settings = await launcher.UpAsync(new InfraUpOptions(dir, options.Replicas, new PostgresTuning(Fsync: options.Fsync)), ct);
        return new TestCluster(launcher, settings);
    }

    /// <summary>
    /// Creates an empty database owned by the application user and returns its connection strings on the
    /// primary and on every replica, so tests sharing one cluster never share rows.
    /// </summary>
    public async Task<TestDatabase> NewDatabaseAsync(CancellationToken ct)
    {
        var name = "t_" + Guid.NewGuid().ToString("n")[..16];
        var owner = new Npgsql.NpgsqlConnectionStringBuilder(PrimaryConnectionString).Username;
        await using (var admin = new Npgsql.NpgsqlConnection(AdminConnectionString("primary", "postgres")))
        {
            await admin.OpenAsync(ct);
            await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name} OWNER \"{owner}\"", admin);
            await command.ExecuteNonQueryAsync(ct);
        }

        return new TestDatabase(name, WithDatabase(PrimaryConnectionString, name), ReplicaConnectionStrings.Select(r => WithDatabase(r, name)).ToList());
    }

    /// <summary>Runs one statement as superuser on a server (pausing WAL replay needs it).</summary>
    public async Task AdminAsync(string serverName, string sql, CancellationToken ct)
    {
        await using var admin = new Npgsql.NpgsqlConnection(AdminConnectionString(serverName, "postgres"));
        await admin.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Freezes a replica's WAL replay and returns once it is frozen. pg_wal_replay_pause() only asks: WAL that
    /// arrives before the startup process notices is still replayed, so a test that wrote right after asking
    /// would race it.
    /// </summary>
    public async Task PauseReplayAsync(string replicaName, CancellationToken ct)
    {
        await using var admin = new Npgsql.NpgsqlConnection(AdminConnectionString(replicaName, "postgres"));
        await admin.OpenAsync(ct);
        await using (var pause = new Npgsql.NpgsqlCommand("SELECT pg_wal_replay_pause()", admin))
        {
            await pause.ExecuteNonQueryAsync(ct);
        }

        await using var state = new Npgsql.NpgsqlCommand("SELECT pg_get_wal_replay_pause_state()", admin);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((string?)await state.ExecuteScalarAsync(ct) != "paused")
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new TimeoutException($"{replicaName}: WAL replay did not pause within 15 s");
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>Freezes a PostgreSQL server until the result is disposed (see <see cref="ServerFreeze"/>).</summary>
    public ServerFreeze Freeze(string serverName) => ServerFreeze.Start(Server(serverName).Pid);

    private static string WithDatabase(string connectionString, string database) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    public Task<IReadOnlyList<ServerStatus>> StatusAsync(CancellationToken ct) => InfraStatusProbe.ProbeAsync(Settings, ct);

    /// <summary>Stops the servers and removes the folder (which also dismisses the orphan guard).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _launcher.DownAsync(Settings, CancellationToken.None);
        Directory.Delete(Dir, recursive: true);
    }
}
