using System.Diagnostics;
using Stadium.Infra.Fleet;
using Stadium.Testing;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// A cluster whose supervisor died: a cluster.json naming a dead supervisor, a real child still running (a copy of
/// sleep named stadium under the data folder, so its command line looks like the cluster's children), a stranger at
/// another recorded pid, and a leftover cgroup. The next run cleans only what is provably the cluster's.
/// </summary>
public sealed class LeftoverClusterTests : IAsyncLifetime
{
    private readonly ClusterLayout _layout = ClusterLayout.For(Path.Combine(Path.GetTempPath(), $"stadium-left-{Guid.NewGuid():N}"[..22]));
    private readonly List<Process> _processes = [];

    [Fact]
    public async Task The_next_run_stops_the_leftover_children_removes_their_cgroups_and_the_file_and_spares_strangers()
    {
        var child = StartFakeStadium();
        var stranger = Start("sleep", "600");
        var group = new CgroupLimiter().Create(CgroupLimiter.Prefix(_layout.ClusterId) + "api-1", 0.5, 128L << 20, out var refusal);
        Assert.True(group is not null, refusal);
        await WriteStateAsync(await DeadPidAsync(), [Node("api-1", child.Id), Node("api-2", stranger.Id)]);
        var report = new StringWriter();

        var cleaned = await LeftoverCluster.CleanAsync(_layout, report, CancellationToken.None);

        Assert.True(cleaned);
        Assert.True(child.WaitForExit(10_000), "the leftover child still runs");
        Assert.False(stranger.HasExited, "a process that is not the cluster's was signalled");
        Assert.All(group!.Directories, d => Assert.False(Directory.Exists(d), d));
        Assert.False(File.Exists(_layout.StateFile));
        Assert.Contains("left by a crashed run", report.ToString());
        Assert.Contains($"left pid {stranger.Id} alone", report.ToString());
    }

    [Fact]
    public async Task A_cluster_whose_supervisor_runs_is_not_touched()
    {
        var supervisor = StartFakeStadium();
        var child = StartFakeStadium();
        await WriteStateAsync(supervisor.Id, [Node("api-1", child.Id)]);

        var refusal = await Assert.ThrowsAsync<InfraCommandException>(() => LeftoverCluster.CleanAsync(_layout, TextWriter.Null, CancellationToken.None));

        Assert.Contains("a cluster already runs", refusal.Message);
        Assert.False(child.HasExited);
        Assert.True(File.Exists(_layout.StateFile));
    }

    [Fact]
    public async Task Cluster_status_says_the_cluster_was_left_by_a_crashed_run()
    {
        await WriteStateAsync(await DeadPidAsync(), [Node("api-1", await DeadPidAsync())]);

        var (exitCode, _, errors) = await BuiltCli.RunAsync(["cluster", "status", "--data", _layout.DataDir]);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("stadium cluster status: the cluster in ", errors);
        Assert.Contains("was left by a crashed run", errors);
        Assert.Single(errors.Trim().Split('\n'));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xUnit 2 calls IAsyncLifetime on a test class, not IAsyncDisposable: this is what stops the sleeping children.
    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        foreach (var group in new CgroupLimiter().Find(CgroupLimiter.Prefix(_layout.ClusterId)))
        {
            CgroupLimiter.Remove(group);
        }

        if (Directory.Exists(_layout.DataDir))
        {
            Directory.Delete(_layout.DataDir, recursive: true);
        }
    }

    /// <summary>A long sleep whose command line holds "stadium" and the data folder, as the cluster's children's do.</summary>
    private Process StartFakeStadium()
    {
        var binary = Path.Combine(_layout.DataDir, "bin", "stadium");
        if (!File.Exists(binary))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(binary)!);
            File.Copy("/bin/sleep", binary);
        }

        return Start(binary, "600");
    }

    private Process Start(string program, string argument)
    {
        var process = Process.Start(program, argument);
        _processes.Add(process);
        return process;
    }

    private static async Task<int> DeadPidAsync()
    {
        using var process = Process.Start("true");
        await process.WaitForExitAsync();
        return process.Id;
    }

    private Task WriteStateAsync(int supervisor, IReadOnlyList<ClusterNode> nodes)
    {
        Directory.CreateDirectory(_layout.DataDir);
        var state = new ClusterState(supervisor, DateTimeOffset.UtcNow, "http://127.0.0.1:1", "http://127.0.0.1:2", new ClusterLimits(0.5, 128L << 20, true), nodes);
        return ClusterStateFile.SaveAsync(_layout.StateFile, state, CancellationToken.None);
    }

    private static ClusterNode Node(string name, int pid) =>
        new(NodeRoles.Api, name, "http://127.0.0.1:3", pid, NodeStates.Active, DateTimeOffset.UtcNow);
}
