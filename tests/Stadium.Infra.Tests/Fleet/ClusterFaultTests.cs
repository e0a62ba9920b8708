using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// <c>stadium chaos fault</c> run from the built CLI against a real <c>up --cluster</c> (one API node, no worker): a CPU
/// hog and a memory hog run inside the node's own cgroup and are gone after their duration; a killed node is replaced (the control API
/// scales the role back) once its fault ends, since the supervisor restarts nothing by itself.
/// </summary>
public sealed class ClusterFaultTests
{
    [Fact]
    public async Task Hogs_run_in_the_nodes_cgroup_and_a_killed_node_is_replaced_when_its_fault_ends()
    {
        await using var cluster = ClusterRun.Start(nodes: 1, workers: 0);
        var started = await cluster.WaitForStateAsync(s => Active(s).Count == 1, "an active API node");
        Assert.True(started.Limits.Capped, $"running as root here, the node must be capped:{Environment.NewLine}{cluster.Output}");
        var node = Active(started).Single();
        var group = new CgroupLimiter().Find(CgroupLimiter.Prefix(cluster.Layout.ClusterId) + node.Name).Single();

        var hogRun = cluster.CliAsync("chaos", "fault", "cpu-hog", node.Name, "--for", "5s", "--data", cluster.DataDir);
        var hog = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (hog == 0 && DateTime.UtcNow < deadline && !hogRun.IsCompleted)
        {
            hog = group.Pids().FirstOrDefault(p => UnixProcess.CommandLine(p).Contains("stadium-chaos-hog", StringComparison.Ordinal));
            await Task.Delay(50);
        }

        Assert.True(hog > 0, $"no hog in {group.Name}: {string.Join(", ", group.Pids())}");
        var (code, output, errors) = await hogRun;
        Assert.True(code == 0, output + errors);
        Assert.False(UnixProcess.IsAlive(hog), "the hog outlived its fault");
        Assert.DoesNotContain(hog, group.Pids());

        // Memory pressure: a fifth of the node's 512 MiB limit held inside its cgroup (by tail, reading zeros that hold no newline).
        var pressure = cluster.CliAsync("chaos", "fault", "memory-pressure", node.Name, "share=0.2", "--for", "5s", "--data", cluster.DataDir);
        var held = 0L;
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (held < 80L << 20 && DateTime.UtcNow < deadline && !pressure.IsCompleted)
        {
            held = group.Pids().Where(p => UnixProcess.CommandLine(p) == "tail").Select(ResidentBytes).DefaultIfEmpty().Max();
            await Task.Delay(50);
        }

        Assert.True(held >= 80L << 20, $"nothing in {group.Name} held 80 MiB (the most: {held >> 20} MiB)");
        (code, output, errors) = await pressure;
        Assert.True(code == 0, output + errors);
        Assert.DoesNotContain(group.Pids(), p => UnixProcess.CommandLine(p) == "tail");

        (code, output, errors) = await cluster.CliAsync("chaos", "fault", "kill", node.Name, "--for", "1s", "--data", cluster.DataDir);
        Assert.True(code == 0, output + errors);
        Assert.Contains($"SIGKILL {node.Name}", output);
        Assert.False(UnixProcess.IsAlive(node.Pid), $"{node.Name} still runs");
        await cluster.WaitForStateAsync(s => Active(s) is [var replacement] && replacement.Name != node.Name, "a new API node in place of the killed one");
        Assert.False(File.Exists(Path.Combine(cluster.DataDir, "chaos-faults.json")), "the reverted faults are still recorded");
    }

    /// <summary>VmRSS from /proc (0 once the process is gone).</summary>
    private static long ResidentBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) << 10;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<ClusterNode> Active(ClusterState state) =>
        [.. state.Nodes.Where(n => n.Role == NodeRoles.Api && n.State == NodeStates.Active)];
}
