namespace Stadium.Scaling.Drivers;

/// <summary>One process of cluster.json's `nodes`: role api, worker or gateway; state starting, active or draining.</summary>
internal sealed record ClusterNode(string Role, string Name, string Url, int Pid, string State, DateTimeOffset StartedAt);
