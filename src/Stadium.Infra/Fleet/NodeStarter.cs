using System.Globalization;

namespace Stadium.Infra.Fleet;

/// <summary>
/// Builds and starts one child of each role: API nodes (<c>stadium serve</c>), workers (<c>stadium work</c>) and the
/// gateway (<c>stadium gateway</c>), with their ports, their cgroup and their environment.
/// </summary>
internal sealed class NodeStarter(ClusterOptions options, ClusterLayout layout, CgroupLimiter? limiter)
{
    /// <summary>
    /// On a CPU quota of one core or less the runtime delays tier-up for tens of seconds (call counting waits for a
    /// quiet startup that never comes under throttling); starting it at once lets a new node reach full speed while
    /// it takes its first traffic (docs/protection.md, "Warm-up under a CPU quota").
    /// </summary>
    private const string CallCountingDelay = "DOTNET_TC_CallCountingDelayMs";

    /// <summary>
    /// An idle thread-pool worker spins (sched_yield) before it sleeps, hoping for more work; on a fraction of a core
    /// that spinning is paid from the quota. Measured on a 0.25-core node serving the journeys at 190 requests/s: 1,081
    /// us of CPU per request spinning, 731-750 us without, and an idle node 54-82 ms of CPU a second against 15-19
    /// (docs/protection.md, "Warm-up under a CPU quota").
    /// </summary>
    private const string SemaphoreSpinLimit = "DOTNET_ThreadPool_UnfairSemaphoreSpinLimit";

    /// <summary>
    /// API nodes believe the gateway's X-Forwarded-For (Stadium:ForwardedHeaders:KnownProxies), so per-address limits and
    /// anonymous shedding see each client rather than one shared gateway address.
    /// </summary>
    private const string TrustGateway = "Stadium__ForwardedHeaders__KnownProxies__0";

    /// <summary>The unsubscribe link in every email the workers (and API nodes) send points at the gateway: nodes come and go.</summary>
    private const string PublicUrl = "Stadium__Email__PublicUrl";

    public NodeProcess Start(string role, string name, int port) => NodeProcess.Start(Launch(role, name, port));

    /// <summary>What <see cref="Start"/> runs: the command, its log, its cgroup (created here) and its environment.</summary>
    public NodeLaunch Launch(string role, string name, int port)
    {
        var capped = role != NodeRoles.Gateway && limiter is not null;
        var cgroup = capped ? limiter!.Create(CgroupName(name), options.NodeCpu, options.NodeMemoryBytes, out _, options.CpuPeriodMicroseconds) : null;
        var environment = new Dictionary<string, string>();
        if (cgroup is not null && options.NodeCpu <= 1)
        {
            environment[CallCountingDelay] = "0";
            environment[SemaphoreSpinLimit] = "0";
        }

        if (role == NodeRoles.Api)
        {
            environment[TrustGateway] = "127.0.0.1";
        }

        if (role != NodeRoles.Gateway)
        {
            environment[PublicUrl] = $"http://127.0.0.1:{options.GatewayPort.ToString(CultureInfo.InvariantCulture)}";
        }

        return new NodeLaunch(name, [.. options.Stadium, .. Arguments(role, port)], layout.LogFile(name), cgroup, environment);
    }

    public string CgroupName(string name) => CgroupLimiter.Prefix(layout.ClusterId) + name;

    private IEnumerable<string> Arguments(string role, int port)
    {
        var portText = port.ToString(CultureInfo.InvariantCulture);
        return role switch
        {
            NodeRoles.Api => ["serve", "--config", layout.InfraSettings, "--data", layout.SharedDir, "--no-workers", "--port", portText],
            NodeRoles.Worker => ["work", "--config", layout.InfraSettings, "--data", layout.SharedDir, "--port", portText],
            NodeRoles.Gateway => ["gateway", "--port", portText, "--config", layout.GatewayConfig],
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a cluster role"),
        };
    }
}
