namespace Stadium.Infra.Fleet;

/// <summary>
/// A cluster whose supervisor died without stopping it (kill -9, a crash, a lost machine session): cluster.json still
/// lists children and the data tier may still run. Found by the supervisor pid in cluster.json being gone, and cleaned
/// by signalling only processes that are provably this cluster's children (<see cref="ClusterLayout.IsChild"/>).
/// </summary>
public static class LeftoverCluster
{
    /// <summary>True when the pid runs the stadium CLI (a recycled pid running something else does not count).</summary>
    public static bool SupervisorAlive(ClusterState state) =>
        UnixProcess.IsAlive(state.SupervisorPid) && UnixProcess.CommandLine(state.SupervisorPid).Contains("stadium", StringComparison.Ordinal);

    /// <summary>
    /// Stops what a crashed run left under <paramref name="layout"/> and removes its cgroups and cluster.json;
    /// returns false when there was nothing to clean. Throws when the cluster's supervisor still runs.
    /// </summary>
    public static async Task<bool> CleanAsync(ClusterLayout layout, TextWriter report, CancellationToken ct, string cgroupRoot = CgroupLimiter.DefaultRoot)
    {
        var state = await ClusterStateFile.LoadAsync(layout.StateFile, ct);
        if (state is null)
        {
            return false;
        }

        if (SupervisorAlive(state))
        {
            throw new InfraCommandException(
                $"a cluster already runs from {layout.DataDir} (supervisor pid {state.SupervisorPid}); stop it (Ctrl+C or kill {state.SupervisorPid}) or choose another --data");
        }

        report.WriteLine($"Cleaning up a cluster left by a crashed run (supervisor pid {state.SupervisorPid} is gone):");
        foreach (var node in state.Nodes)
        {
            if (layout.IsChild(node.Pid))
            {
                await UnixProcess.TerminateAsync(node.Pid, TimeSpan.FromSeconds(10), ct);
                report.WriteLine($"  stopped {node.Name} (pid {node.Pid})");
            }
            else if (UnixProcess.IsAlive(node.Pid))
            {
                report.WriteLine($"  left pid {node.Pid} alone: it is not {node.Name} of this cluster");
            }
        }

        var limiter = new CgroupLimiter(cgroupRoot);
        foreach (var group in limiter.Find(CgroupLimiter.Prefix(layout.ClusterId)))
        {
            CgroupLimiter.Remove(group);
            report.WriteLine($"  removed cgroup {group.Name}");
        }

        if (File.Exists(layout.InfraSettings))
        {
            await new InfraLauncher().DownAsync(layout.InfraDir, ct);
            report.WriteLine($"  stopped the data tier in {layout.InfraDir}");
        }

        File.Delete(layout.StateFile);
        return true;
    }
}
