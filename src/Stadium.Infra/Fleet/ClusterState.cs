namespace Stadium.Infra.Fleet;

/// <summary>
/// <c>&lt;data&gt;/cluster.json</c>: who runs where. The supervisor rewrites it on every membership change; the gateway,
/// the autoscaler, <c>stadium cluster</c> and the dashboard read it.
/// </summary>
public sealed record ClusterState(
    int SupervisorPid,
    DateTimeOffset StartedAt,
    string ControlUrl,
    string GatewayUrl,
    ClusterLimits Limits,
    IReadOnlyList<ClusterNode> Nodes);
