namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The nodes at one moment, each node's limits when the cluster caps them (null otherwise), and where the autoscaler's
/// decisions are appended (null without a cluster file).
/// </summary>
internal sealed record FleetLayout(IReadOnlyList<FleetMember> Members, double? CpuLimit, long? MemoryLimit, string? DecisionsFile)
{
    public static FleetLayout Empty { get; } = new([], null, null, null);
}
