namespace Stadium.Infra.Fleet;

/// <summary>One process of the cluster as <c>cluster.json</c> lists it.</summary>
/// <param name="Role"><see cref="NodeRoles"/>: api, worker or gateway.</param>
/// <param name="Url">Where its /health/ready and /metrics answer (a worker's too).</param>
/// <param name="State"><see cref="NodeStates"/>: starting, active or draining.</param>
public sealed record ClusterNode(string Role, string Name, string Url, int Pid, string State, DateTimeOffset StartedAt);
