using System.Collections.Concurrent;
using System.Globalization;

namespace Stadium.Infra.Fleet;

/// <summary>
/// Starts a child and brings it into rotation (starting, then active once /health/ready answers 200), takes it out
/// again (draining, stopped once the gateway has nothing in flight on it), and reports a child that exits by itself.
/// Nothing is restarted: a crash is reported and the child leaves cluster.json, as on a cluster whose operator
/// (here the autoscaler or `stadium cluster scale`) decides what replaces it.
/// </summary>
internal sealed class NodeLifecycle(
    ClusterOptions options,
    ClusterMembers members,
    NodeStarter starter,
    ReadinessProbe readiness,
    GatewayDrainWatch drain,
    ClusterMetrics metrics,
    TextWriter report)
{
    private static readonly TimeSpan ReadinessPoll = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<string, bool> _stopping = new();

    /// <summary>Starts one child of the role and waits until it is ready; null when it exited or never became ready.</summary>
    public async Task<ClusterMember?> StartAsync(string role, CancellationToken ct, string? name = null, int? port = null)
    {
        name ??= members.NextName(role);
        var listen = port ?? FreePort.Pick();
        var process = starter.Start(role, name, listen);
        var member = new ClusterMember(
            new ClusterNode(role, name, $"http://127.0.0.1:{listen.ToString(CultureInfo.InvariantCulture)}", process.Pid, NodeStates.Starting, DateTimeOffset.UtcNow),
            process);
        await members.AddAsync(member, ct);
        _ = WatchExitAsync(member);

        var deadline = DateTime.UtcNow + options.StartTimeout;
        while (!process.Exited.IsCompleted)
        {
            if (await readiness.IsReadyAsync(member.Node.Url, ct))
            {
                await members.SetStateAsync(name, NodeStates.Active, ct);
                report.WriteLine($"  {name,-10} ready   {member.Node.Url}  pid {process.Pid}");
                return member;
            }

            if (DateTime.UtcNow > deadline)
            {
                report.WriteLine($"  {name} was not ready within {options.StartTimeout.TotalSeconds:0} s: stopping it (log: {process.Launch.LogFile})");
                await StopAsync(member, drainFirst: false);
                return null;
            }

            await Task.WhenAny(process.Exited, Task.Delay(ReadinessPoll, ct));
        }

        // WatchExitAsync reports the exit.
        return null;
    }

    /// <summary>
    /// Stops a child: an API node with <paramref name="drainFirst"/> turns draining and is stopped once the gateway
    /// reports nothing in flight on it (or the drain deadline passes); then SIGTERM, SIGKILL after the grace.
    /// </summary>
    public async Task StopAsync(ClusterMember member, bool drainFirst, TimeSpan? grace = null)
    {
        var name = member.Node.Name;
        if (!_stopping.TryAdd(name, true))
        {
            return;
        }

        if (drainFirst && member.Node.Role == NodeRoles.Api && !member.Process.Exited.IsCompleted)
        {
            await members.SetStateAsync(name, NodeStates.Draining, CancellationToken.None);
            report.WriteLine($"  {name,-10} draining");
            if (!await drain.WaitAsync(GatewayUrl(), member.Node.Url, options.DrainTimeout, CancellationToken.None))
            {
                report.WriteLine($"  {name} still had requests in flight after {options.DrainTimeout.TotalSeconds:0} s: stopping it anyway");
            }
        }

        await member.Process.StopAsync(grace ?? options.StopGrace);
        RemoveCgroup(member);
        await members.RemoveAsync(name, CancellationToken.None);
        report.WriteLine($"  {name,-10} stopped");
        member.Process.Dispose();
    }

    /// <summary>The running gateway's URL, which a drain asks; null when none runs.</summary>
    private string? GatewayUrl() =>
        members.InRole(NodeRoles.Gateway).FirstOrDefault(g => !g.Process.Exited.IsCompleted)?.Node.Url;

    private async Task WatchExitAsync(ClusterMember member)
    {
        await member.Process.Exited;
        if (_stopping.ContainsKey(member.Node.Name))
        {
            return;
        }

        var current = members.Find(member.Node.Name);
        var when = current?.Node.State == NodeStates.Starting ? "at start" : "";
        report.WriteLine(
            $"  {member.Node.Name} (pid {member.Process.Pid}) exited {when} with code {member.Process.ExitCode}; not restarted. " +
            $"Last lines of {member.Process.Launch.LogFile}:{Environment.NewLine}{member.Process.LogTail()}");
        metrics.Exited(member.Node.Role);
        RemoveCgroup(member);
        await members.RemoveAsync(member.Node.Name, CancellationToken.None);
    }

    private void RemoveCgroup(ClusterMember member)
    {
        if (member.Process.Launch.Cgroup is not { } group)
        {
            return;
        }

        try
        {
            CgroupLimiter.Remove(group);
        }
        catch (IOException e)
        {
            report.WriteLine($"  cgroup {group.Name} not removed: {e.Message}");
        }
    }
}
