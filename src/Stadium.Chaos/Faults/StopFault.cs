using Stadium.Infra;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary>
/// <c>kill</c> (SIGKILL, back after the duration) and <c>restart</c> (SIGTERM, back at once). The supervisor restarts
/// nothing by itself, so "back" is asked for: an API node or worker through the control API (the cluster scales its
/// role to the count it had), a server of the data tier by starting it again on its data folder.
/// </summary>
internal sealed class StopFault(FaultSpec spec, ProcessTarget target, ChaosTarget where, bool graceful) : IFault
{
    private const string Count = "count";

    /// <summary>A node drains for up to 20 s on SIGTERM (HostOptions.ShutdownTimeout), a server stops in a few.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(25);

    /// <summary>The supervisor notices an exit within a poll; a loaded machine gets room.</summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(30);

    public string Describe => graceful
        ? $"restart {target.Name} (SIGTERM to pid {target.Pid}, then a new one)"
        : $"SIGKILL {target.Name} (pid {target.Pid}), back after {spec.Duration.TotalSeconds:0.#} s";

    public async Task StartAsync(CancellationToken ct)
    {
        if (!target.IsServer)
        {
            spec.State[Count] = (await where.CountAsync(target.Role, ct)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (graceful)
        {
            await UnixProcess.TerminateAsync(target.Pid, StopGrace, ct);
        }
        else
        {
            ProcessSignals.Send(target, UnixProcess.SigKill);
        }

        await WaitUntilGoneAsync(ct);
        if (graceful)
        {
            await BringBackAsync(ct);
        }
    }

    public Task RevertAsync(CancellationToken ct) => BringBackAsync(ct);

    private async Task BringBackAsync(CancellationToken ct)
    {
        if (target.IsServer)
        {
            await new InfraLauncher().StartServerAsync(where.Infra!, target.ServerName!, ct);
        }
        else if (spec.State.TryGetValue(Count, out var count))
        {
            await where.ScaleAsync(target.Role, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), ct);
        }
    }

    /// <summary>
    /// Until the process is gone and, for a node, cluster.json no longer lists it: a scale asked for before the
    /// supervisor noticed the exit would count the dead node and start nothing.
    /// </summary>
    private async Task WaitUntilGoneAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + NoticeTimeout;
        while (DateTime.UtcNow < deadline && (UnixProcess.IsAlive(target.Pid) || (!target.IsServer && await ListedAsync(ct))))
        {
            await Task.Delay(50, ct);
        }
    }

    private async Task<bool> ListedAsync(CancellationToken ct) =>
        (await ClusterStateFile.LoadAsync(ClusterLayout.For(where.DataDir).StateFile, ct))?.Nodes.Any(n => n.Name == target.Name && n.Pid == target.Pid) ?? false;
}
