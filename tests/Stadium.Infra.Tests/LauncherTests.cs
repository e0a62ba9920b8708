using System.Diagnostics;
using Stadium.Testing;

namespace Stadium.Infra.Tests;

/// <summary>Launches of their own, apart from the shared cluster: stopping, refusing, failing clearly.</summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"stadium-test-{Guid.NewGuid():N}"[..21]);
    private readonly InfraLauncher _launcher = new();

    [Fact]
    public async Task Down_from_the_settings_file_stops_every_server()
    {
        var settings = await UpGuardedAsync(new InfraUpOptions(_dir, Replicas: 1, new PostgresTuning(Fsync: false)));
        try
        {
            foreach (var server in settings.Infra.Servers)
            {
                Assert.True(await FreePort.IsListeningAsync(server.Port, CancellationToken.None), $"{server.Name} is not listening");
                Assert.True(UnixProcess.IsAlive(server.Pid), $"{server.Name} has no live process");
            }

            // As `stadium infra down` in another process would: only the folder is known.
            await _launcher.DownAsync(_dir, CancellationToken.None);

            foreach (var server in settings.Infra.Servers)
            {
                Assert.False(await FreePort.IsListeningAsync(server.Port, CancellationToken.None), $"{server.Name} still listens");
                Assert.False(UnixProcess.IsAlive(server.Pid), $"{server.Name} still runs");
            }

            var statuses = await InfraStatusProbe.ProbeAsync(settings, CancellationToken.None);
            Assert.All(statuses, s => Assert.False(s.Up));
        }
        finally
        {
            await _launcher.DownAsync(settings, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_refuses_a_folder_whose_servers_still_run_and_reuses_it_once_they_are_down()
    {
        var options = new InfraUpOptions(_dir, Replicas: 0, new PostgresTuning(Fsync: false));
        var first = await UpGuardedAsync(options);
        try
        {
            var refusal = await Assert.ThrowsAsync<InfraCommandException>(() => _launcher.UpAsync(options, CancellationToken.None));
            Assert.Contains("stadium infra down", refusal.Message);

            await _launcher.DownAsync(first, CancellationToken.None);
            var second = await _launcher.UpAsync(options, CancellationToken.None);
            await _launcher.DownAsync(second, CancellationToken.None);

            Assert.NotEqual(first.Infra.AdminPassword, second.Infra.AdminPassword);
        }
        finally
        {
            await _launcher.DownAsync(_dir, CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_orphan_guard_stops_the_servers_and_removes_the_folder_when_its_owner_dies()
    {
        // A stand-in for a test host that dies without cleaning up.
        using var owner = Process.Start("sleep", "60");
        Directory.CreateDirectory(_dir);
        OrphanGuard.Watch(owner.Id, _dir);
        var settings = await _launcher.UpAsync(new InfraUpOptions(_dir, Replicas: 0, new PostgresTuning(Fsync: false)), CancellationToken.None);
        try
        {
            owner.Kill();
            await owner.WaitForExitAsync();

            Assert.True(await Eventually.BecomesTrueAsync(() => Task.FromResult(!Directory.Exists(_dir)), TimeSpan.FromSeconds(15)), "the folder is still there");
            foreach (var server in settings.Infra.Servers)
            {
                Assert.False(await FreePort.IsListeningAsync(server.Port, CancellationToken.None), $"{server.Name} still listens");
            }
        }
        finally
        {
            // A no-op when the guard did its job.
            await _launcher.DownAsync(settings, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Down_stops_a_redis_restarted_since_up_by_its_pidfile_and_never_a_stranger_at_the_recorded_pid()
    {
        var settings = await UpGuardedAsync(new InfraUpOptions(_dir, Replicas: 0, new PostgresTuning(Fsync: false)));
        using var stranger = Process.Start("sleep", "60");
        try
        {
            var record = settings.Infra.Servers.Single(s => s.Kind == ServerRoles.RedisKind);
            // Redis restarted behind the settings file's back: the recorded pid is gone, the pidfile names the new daemon.
            var redis = new RedisServer(new BinaryLocator().LocateRedis(), record.DataDir, record.Port);
            await UnixProcess.TerminateAsync(record.Pid, TimeSpan.FromSeconds(10), CancellationToken.None);
            await redis.StartAsync(CancellationToken.None);
            var restarted = redis.ReadPid();
            Assert.NotEqual(record.Pid, restarted);
            Assert.False(redis.IsThisServer(stranger.Id));

            // The settings file's pid now names some other process: it must survive `down`.
            await _launcher.DownAsync(settings with { Infra = settings.Infra with { Servers = [.. settings.Infra.Servers.Select(s => s == record ? s with { Pid = stranger.Id } : s)] } }, CancellationToken.None);

            Assert.False(await FreePort.IsListeningAsync(record.Port, CancellationToken.None), "the restarted redis still listens");
            Assert.False(UnixProcess.IsAlive(restarted));
            Assert.False(stranger.HasExited, "a process that is not our redis was signalled");
        }
        finally
        {
            stranger.Kill();
            await _launcher.DownAsync(_dir, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_missing_postgresql_names_the_debian_package_before_touching_the_folder()
    {
        var bogus = new InfraLauncher(
            new BinaryLocator(new BinaryLocatorOptions(PostgresRoot: "/nonexistent/postgresql")),
            ServerAccount.ForCurrentProcess());

        var missing = await Assert.ThrowsAsync<MissingBinaryException>(
            () => bogus.UpAsync(new InfraUpOptions(_dir), CancellationToken.None));

        Assert.Equal("postgresql", missing.Package);
        Assert.Contains("apt-get install -y postgresql", missing.Message);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void A_missing_redis_server_names_the_debian_package()
    {
        var locator = new BinaryLocator(new BinaryLocatorOptions(SearchPath: "/nonexistent/bin"));

        var missing = Assert.Throws<MissingBinaryException>(locator.LocateRedis);

        Assert.Equal("redis-server", missing.Package);
        Assert.Contains("apt-get install -y redis-server", missing.Message);
    }

    [Fact]
    public void The_locator_finds_the_highest_installed_postgresql()
    {
        var binaries = new BinaryLocator().LocatePostgres();

        Assert.True(File.Exists(binaries.InitDb));
        Assert.True(File.Exists(binaries.PgBaseBackup));
        var installed = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Where(v => File.Exists($"/usr/lib/postgresql/{v}/bin/initdb"));
        Assert.Equal(installed.Max(), binaries.MajorVersion);
    }

    /// <summary>Up, watched by an orphan guard from the start, as <see cref="TestCluster"/> does.</summary>
    [Fact]
    public async Task Up_on_a_base_port_puts_the_primary_there_the_replica_next_and_Redis_after()
    {
        var basePort = FreeRun(3);
        var settings = await UpGuardedAsync(new InfraUpOptions(_dir, Replicas: 1, new PostgresTuning(Fsync: false), BasePort: basePort));
        try
        {
            Assert.Equal(
                [(ServerRoles.Primary, basePort), (ServerRoles.Replica, basePort + 1), (ServerRoles.Cache, basePort + 2)],
                settings.Infra.Servers.Select(s => (s.Role, s.Port)).OrderBy(s => s.Port));
            foreach (var server in settings.Infra.Servers)
            {
                Assert.True(await FreePort.IsListeningAsync(server.Port, CancellationToken.None), $"{server.Name} is not listening on {server.Port}");
            }

            Assert.Contains($"Port={basePort};", settings.Stadium.Store.Postgres.Primary, StringComparison.Ordinal);
            Assert.Equal($"127.0.0.1:{basePort + 2}", settings.Stadium.Redis.Configuration);
        }
        finally
        {
            await _launcher.DownAsync(settings, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Up_on_a_base_port_whose_range_holds_a_taken_port_fails_before_creating_anything()
    {
        var basePort = FreeRun(2);
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, basePort + 1);
        holder.Start();

        var refusal = await Assert.ThrowsAsync<PortTakenException>(
            () => _launcher.UpAsync(new InfraUpOptions(_dir, Replicas: 0, BasePort: basePort), CancellationToken.None));

        Assert.Contains($"port {basePort + 1} on 127.0.0.1 is already in use", refusal.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    /// <summary>The first of <paramref name="count"/> consecutive ports that are all free now.</summary>
    private static int FreeRun(int count)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var first = Random.Shared.Next(20_000, 32_000);
            try
            {
                FreePort.Consecutive(first, count);
                return first;
            }
            catch (PortTakenException)
            {
            }
        }

        throw new InvalidOperationException($"no {count} consecutive free ports");
    }

    private async Task<InfraSettings> UpGuardedAsync(InfraUpOptions options)
    {
        Directory.CreateDirectory(_dir);
        OrphanGuard.Watch(_dir);
        return await _launcher.UpAsync(options, CancellationToken.None);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
