namespace Stadium.Infra.Fleet;

/// <summary>Asks every node of a cluster for readiness and samples its CPU and memory, all side by side.</summary>
internal static class ClusterStatusProbe
{
    /// <summary>Long enough for a CPU share to mean something at 100 ticks a second, short enough for an interactive command.</summary>
    private static readonly TimeSpan CpuWindow = TimeSpan.FromMilliseconds(500);

    public static async Task<ClusterStatus> ProbeAsync(ClusterState state, ReadinessProbe readiness, CancellationToken ct)
    {
        var ready = state.Nodes.Select(n => readiness.IsReadyAsync(n.Url, ct)).ToList();
        var cores = await ProcessUsage.CoresAsync([.. state.Nodes.Select(n => n.Pid)], CpuWindow, ct);
        var nodes = new List<NodeStatus>();
        for (var i = 0; i < state.Nodes.Count; i++)
        {
            var node = state.Nodes[i];
            var capped = state.Limits.Capped && node.Role != NodeRoles.Gateway;
            nodes.Add(new NodeStatus(
                node.Role,
                node.Name,
                node.Url,
                node.Pid,
                node.State,
                node.StartedAt,
                await ready[i],
                cores.TryGetValue(node.Pid, out var used) ? used : null,
                ProcessUsage.ResidentBytes(node.Pid),
                capped ? state.Limits.Cpu : null,
                capped ? state.Limits.MemoryBytes : null));
        }

        return new ClusterStatus(state.SupervisorPid, state.StartedAt, state.ControlUrl, state.GatewayUrl, state.Limits, nodes);
    }
}
