using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// The runtime settings a capped node starts with, on a temporary folder standing in for the unified cgroup hierarchy
/// (the launch is built, not started).
/// </summary>
public sealed class NodeStarterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"stadium-ns-{Guid.NewGuid():N}"[..20]);

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public void A_node_of_a_core_or_less_tiers_up_at_once_and_does_not_spin_its_quota_away(string role)
    {
        var launch = Starter(nodeCpu: 0.25).Launch(role, $"{role}-1", 18_001);

        Assert.NotNull(launch.Cgroup);
        Assert.Equal("0", launch.Environment["DOTNET_TC_CallCountingDelayMs"]);
        Assert.Equal("0", launch.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"]);
    }

    [Fact]
    public void A_node_of_several_cores_and_the_gateway_keep_the_runtime_defaults()
    {
        var large = Starter(nodeCpu: 2).Launch("api", "api-1", 18_001);
        var gateway = Starter(nodeCpu: 0.25).Launch("gateway", "gateway", 18_000);

        Assert.DoesNotContain("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", large.Environment.Keys);
        Assert.DoesNotContain("DOTNET_TC_CallCountingDelayMs", large.Environment.Keys);
        Assert.Null(gateway.Cgroup);
        Assert.DoesNotContain("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", gateway.Environment.Keys);
    }

    [Fact]
    public void Emails_sent_by_any_node_link_to_the_gateway_not_to_the_node()
    {
        var starter = Starter(nodeCpu: 0.25);
        foreach (var role in new[] { "api", "worker" })
        {
            // ClusterOptions' default gateway port: 8080.
            Assert.Equal("http://127.0.0.1:8080", starter.Launch(role, $"{role}-1", 18_001).Environment["Stadium__Email__PublicUrl"]);
        }

        Assert.DoesNotContain("Stadium__Email__PublicUrl", starter.Launch("gateway", "gateway", 18_000).Environment.Keys);
    }

    [Fact]
    public void A_nodes_group_gets_the_clusters_cfs_period_by_the_rule_or_as_given()
    {
        var quarter = Starter(nodeCpu: 0.25).Launch("api", "api-1", 18_001);
        var given = Starter(nodeCpu: 0.25, periodMicroseconds: 100_000).Launch("api", "api-2", 18_002);

        Assert.Equal("2500 10000", File.ReadAllText(Path.Combine(Assert.Single(quarter.Cgroup!.Directories), "cpu.max")));
        Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(Assert.Single(given.Cgroup!.Directories), "cpu.max")));
    }

    private NodeStarter Starter(double nodeCpu, int? periodMicroseconds = null)
    {
        var cgroups = Path.Combine(_folder, "cgroup");
        Directory.CreateDirectory(cgroups);
        File.WriteAllText(Path.Combine(cgroups, "cgroup.controllers"), "cpu memory");
        var options = new ClusterOptions(Path.Combine(_folder, "data"), ["stadium"], NodeCpu: nodeCpu) { NodeCpuPeriodMicroseconds = periodMicroseconds };
        return new NodeStarter(options, ClusterLayout.For(options.DataDir), new CgroupLimiter(cgroups));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
