namespace Stadium.Infra.Fleet;

/// <summary>A running child: its entry in cluster.json and its process.</summary>
internal sealed record ClusterMember(ClusterNode Node, NodeProcess Process);
