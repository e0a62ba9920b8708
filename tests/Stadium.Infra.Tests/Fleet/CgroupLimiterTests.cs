using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// The limiter on this machine's real cgroup hierarchy (the tests run as root, as CI does): the limit files it writes,
/// a child that starts inside the group, and the group's removal. The unified (v2) layout is checked on a temporary
/// folder standing in for /sys/fs/cgroup, since this machine mounts v1 controllers.
/// </summary>
public sealed class CgroupLimiterTests : IDisposable
{
    private readonly string _name = $"stadium-test-{Guid.NewGuid():N}"[..24];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"stadium-cg-{Guid.NewGuid():N}"[..20]);
    private NodeCgroup? _group;

    [Fact]
    public async Task A_group_gets_the_quota_and_limit_a_child_starts_inside_it_and_removal_deletes_it()
    {
        _group = new CgroupLimiter().Create(_name, 0.5, 256L << 20, out var refusal);
        Assert.True(_group is not null, refusal);

        // Half a core: 5 ms of every 10 ms, so a busy node waits at most 5 ms for its next period.
        Assert.Equal("10000", Read("cpu", "cpu.cfs_period_us"));
        Assert.Equal("5000", Read("cpu", "cpu.cfs_quota_us"));
        Assert.Equal($"{256L << 20}", Read("memory", "memory.limit_in_bytes"));

        Directory.CreateDirectory(_folder);
        using var child = NodeProcess.Start(new NodeLaunch("sleeper", ["sleep", "60"], Path.Combine(_folder, "sleeper.log"), _group, new Dictionary<string, string>()));
        // The shell joined the group and then became `sleep` with the same pid.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!UnixProcess.CommandLine(child.Pid).StartsWith("sleep", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal("sleep 60", UnixProcess.CommandLine(child.Pid));
        var membership = await File.ReadAllTextAsync($"/proc/{child.Pid}/cgroup");
        Assert.Contains($"cpu:/{_name}\n", membership);
        Assert.Contains($"memory:/{_name}\n", membership);
        Assert.Equal([child.Pid], _group!.Pids());

        await child.StopAsync(TimeSpan.FromSeconds(5));
        CgroupLimiter.Remove(_group);

        Assert.All(_group.Directories, d => Assert.False(Directory.Exists(d), d));
    }

    [Fact]
    public async Task Removing_a_group_moves_a_process_still_inside_it_to_the_parent_first()
    {
        _group = new CgroupLimiter().Create(_name, 1, 128L << 20, out var refusal);
        Assert.True(_group is not null, refusal);
        using var sleeper = System.Diagnostics.Process.Start("sleep", "60");
        foreach (var procs in _group!.ProcsFiles)
        {
            await File.WriteAllTextAsync(procs, $"{sleeper.Id}");
        }

        try
        {
            CgroupLimiter.Remove(_group);

            Assert.All(_group.Directories, d => Assert.False(Directory.Exists(d), d));
            Assert.DoesNotContain(_name, await File.ReadAllTextAsync($"/proc/{sleeper.Id}/cgroup"));
            Assert.False(sleeper.HasExited);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Theory]
    [InlineData(0.25, 10_000)]
    [InlineData(1, 10_000)]
    [InlineData(0.05, 20_000)]
    [InlineData(0.01, 100_000)]
    [InlineData(1.5, 100_000)]
    [InlineData(16, 100_000)]
    public void A_fraction_of_a_core_gets_a_short_period_with_at_least_the_kernels_1_ms_quota(double cpus, int period)
    {
        Assert.Equal(period, CgroupLimiter.PeriodFor(cpus));
        Assert.True(cpus * CgroupLimiter.PeriodFor(cpus) >= 1_000 - 1e-6);
    }

    [Fact]
    public void A_period_given_replaces_the_rule_and_the_quota_keeps_the_share()
    {
        _group = new CgroupLimiter().Create(_name, 0.25, 128L << 20, out var refusal, periodMicroseconds: 100_000);
        Assert.True(_group is not null, refusal);

        Assert.Equal("100000", Read("cpu", "cpu.cfs_period_us"));
        Assert.Equal("25000", Read("cpu", "cpu.cfs_quota_us"));
    }

    [Fact]
    public void Groups_of_one_cluster_are_found_by_their_prefix()
    {
        var limiter = new CgroupLimiter();
        _group = limiter.Create(_name + "-api-1", 0.25, 128L << 20, out var refusal);
        Assert.True(_group is not null, refusal);

        var found = limiter.Find(_name + "-");

        var group = Assert.Single(found);
        Assert.Equal(_name + "-api-1", group.Name);
        Assert.Equal(_group!.Directories.Order(), group.Directories.Order());
    }

    [Fact]
    public void On_the_unified_hierarchy_the_limits_go_to_cpu_max_and_memory_max()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "cgroup.controllers"), "cpu memory");

        var group = new CgroupLimiter(_folder).Create("stadium-x-api-1", 0.5, 512L << 20, out var refusal);

        Assert.True(group is not null, refusal);
        Assert.Equal([Path.Combine(_folder, "stadium-x-api-1")], group!.Directories);
        Assert.Equal("+cpu +memory", File.ReadAllText(Path.Combine(_folder, "cgroup.subtree_control")));
        Assert.Equal("5000 10000", File.ReadAllText(Path.Combine(_folder, "stadium-x-api-1", "cpu.max")));
        Assert.Equal($"{512L << 20}", File.ReadAllText(Path.Combine(_folder, "stadium-x-api-1", "memory.max")));
    }

    [Fact]
    public void Without_cgroup_controllers_it_refuses_with_a_reason_and_creates_nothing()
    {
        Directory.CreateDirectory(_folder);

        var group = new CgroupLimiter(_folder).Create("stadium-x-api-1", 0.5, 512L << 20, out var refusal);

        Assert.Null(group);
        Assert.Contains("no cgroup cpu controller", refusal);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    public void Dispose()
    {
        if (_group is not null)
        {
            CgroupLimiter.Remove(_group);
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private string Read(string controller, string file) =>
        File.ReadAllText(Path.Combine(CgroupLimiter.DefaultRoot, controller, _name, file)).Trim();
}
