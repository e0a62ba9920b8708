namespace Stadium.Gateway.Dashboard;

/// <summary>The parts of cluster.json (written by <c>stadium up --cluster</c>) the dashboard reads; other keys are ignored.</summary>
internal sealed record ClusterFileDocument(ClusterFileLimits? Limits, IReadOnlyList<ClusterFileNode>? Nodes);
