namespace Stadium.Planning.Plan;

/// <summary>API nodes: cores the traffic keeps busy, nodes with headroom for the steady quarter hour and the busy
/// minute (the autoscaler's min and max), each node's size, and the gateways in front.</summary>
public sealed record NodePlan(
    Sourced SteadyCores,
    Sourced BusyMinuteCores,
    Sourced CoresPerNode,
    Sourced TargetCpuUtilization,
    Sourced SpareNodes,
    Sourced Steady,
    Sourced BusyMinute,
    Sourced MemoryMb,
    string Cpu,
    string Memory,
    Sourced GatewayReplicas);
