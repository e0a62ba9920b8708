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
    /// API nodes believe the gateway's X-Forwarded-For (Stadium:ForwardedHeaders:KnownProxies), so per-address limits and
    /// anonymous shedding see each client rather than one shared gateway address.
    /// </summary>
    private const string TrustGateway = "Stadium__ForwardedHeaders__KnownProxies__0";

    public NodeProcess Start(string role, string name, int port)
    {
        var capped = role != NodeRoles.Gateway && limiter is not null;
        var cgroup = capped ? limiter!.Create(CgroupName(name), options.NodeCpu, options.NodeMemoryBytes, out _) : null;
        var environment = new Dictionary<string, string>();
        if (cgroup is not null && options.NodeCpu <= 1)
        {
            environment[CallCountingDelay] = "0";
        }

        if (role == NodeRoles.Api)
        {
            environment[TrustGateway] = "127.0.0.1";
        }

        return NodeProcess.Start(new NodeLaunch(name, [.. options.Stadium, .. Arguments(role, port)], layout.LogFile(name), cgroup, environment));
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
