using System.Diagnostics;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Tests.Faults;

/// <summary>
/// A real process (<c>sleep</c>) listed as api-1 in a cluster.json of a temporary data folder: what process faults need
/// to find their target, without starting a cluster. Disposing thaws and kills it and removes the folder.
/// </summary>
internal sealed class SleepingCluster : IAsyncDisposable
{
    private readonly Process _sleep;

    private SleepingCluster(string dataDir, Process sleep)
    {
        DataDir = dataDir;
        _sleep = sleep;
    }

    public string DataDir { get; }

    public int Pid => _sleep.Id;

    public string Ledger => Path.Combine(DataDir, "chaos-faults.json");

    /// <summary>The process's state letter from /proc (R running, S sleeping, T stopped by a signal).</summary>
    public char State
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0];
        }
    }

    public static async Task<SleepingCluster> StartAsync()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"stadium-chaos-{Guid.NewGuid():N}"[..22]);
        Directory.CreateDirectory(dataDir);
        var sleep = Process.Start("sleep", "600");
        var node = new ClusterNode(NodeRoles.Api, "api-1", "http://127.0.0.1:9", sleep.Id, NodeStates.Active, DateTimeOffset.UtcNow);
        var state = new ClusterState(Environment.ProcessId, DateTimeOffset.UtcNow, "", "", new ClusterLimits(0.5, 512L << 20, Capped: false), [node]);
        await ClusterStateFile.SaveAsync(ClusterStateFile.PathIn(dataDir), state, CancellationToken.None);
        return new SleepingCluster(dataDir, sleep);
    }

    /// <summary>Polls until the process is in <paramref name="state"/>; false after 30 s.</summary>
    public async Task<bool> ReachesAsync(char state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (State != state && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return State == state;
    }

    public async ValueTask DisposeAsync()
    {
        using (var thaw = Process.Start("kill", ["-CONT", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await thaw.WaitForExitAsync();
        }

        _sleep.Kill();
        await _sleep.WaitForExitAsync();
        _sleep.Dispose();
        Directory.Delete(DataDir, recursive: true);
    }
}
