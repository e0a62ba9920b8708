using Stadium.Protection.Shedding;
namespace Stadium.Protection.Tests.Shedding;

/// <summary>A cgroup file system laid out in a temporary folder, as the kernel shows it for v1 and v2.</summary>
public sealed class CpuLimitTests : IDisposable
{
    private string Folder { get; } = Directory.CreateTempSubdirectory("stadium-cpulimit-").FullName;

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(Folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Reads_a_fractional_v1_quota()
    {
        var list = Write("proc-cgroup", "12:memory:/stadium-api-1\n4:cpu,cpuacct:/stadium-api-1\n1:name=systemd:/\n");
        Write("fs/cpu/stadium-api-1/cpu.cfs_quota_us", "25000\n");
        Write("fs/cpu/stadium-api-1/cpu.cfs_period_us", "100000\n");
        Assert.Equal(0.25, CpuLimit.Quota(list, Path.Combine(Folder, "fs")));
    }

    [Fact]
    public void Reads_a_v2_quota_and_no_limit()
    {
        var list = Write("proc-cgroup", "0::/fleet/api-2\n");
        Write("fs/fleet/api-2/cpu.max", "50000 100000\n");
        Assert.Equal(0.5, CpuLimit.Quota(list, Path.Combine(Folder, "fs")));

        Write("fs/fleet/api-2/cpu.max", "max 100000\n");
        Assert.Null(CpuLimit.Quota(list, Path.Combine(Folder, "fs")));
    }

    [Fact]
    public void An_unlimited_v1_group_or_no_cgroup_file_means_no_quota()
    {
        var list = Write("proc-cgroup", "4:cpu,cpuacct:/\n");
        Write("fs/cpu/cpu.cfs_quota_us", "-1\n");
        Write("fs/cpu/cpu.cfs_period_us", "100000\n");
        Assert.Null(CpuLimit.Quota(list, Path.Combine(Folder, "fs")));
        Assert.Null(CpuLimit.Quota(Path.Combine(Folder, "missing"), Path.Combine(Folder, "fs")));
        Assert.True(CpuLimit.Cores() > 0);
    }
}
