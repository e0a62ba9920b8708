namespace Stadium.Planning.Plan;

/// <summary>
/// Database connections: per API node on the primary and on each replica, and in total at the most nodes the
/// autoscaler may run, against the servers' max_connections. <see cref="Warnings"/> names every limit the plan
/// exceeds; <see cref="RecommendedPrimaryMaxConnections"/> is what the primary would need.
/// </summary>
public sealed record PoolPlan(
    Sourced PrimaryInFlight,
    Sourced PrimaryPerNode,
    Sourced WorkerConnections,
    Sourced PrimaryTotal,
    Sourced PrimaryMaxConnections,
    bool PrimaryExceeded,
    Sourced RecommendedPrimaryMaxConnections,
    Sourced ReplicaInFlight,
    Sourced ReplicaPerNode,
    Sourced ReplicaTotal,
    Sourced ReplicaMaxConnections,
    bool ReplicaExceeded,
    IReadOnlyList<string> Warnings);
