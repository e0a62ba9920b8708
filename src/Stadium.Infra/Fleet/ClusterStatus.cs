namespace Stadium.Infra.Fleet;

/// <summary>The control API's <c>GET /status</c>: cluster.json with each node's live readiness and load.</summary>
public sealed record ClusterStatus(
    int SupervisorPid,
    DateTimeOffset StartedAt,
    string ControlUrl,
    string GatewayUrl,
    ClusterLimits Limits,
    IReadOnlyList<NodeStatus> Nodes);
