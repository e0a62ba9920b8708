namespace Stadium.Gateway.Dashboard;

/// <summary>
/// One node in one snapshot: its cluster state, whether /health/ready answered 200 and /metrics answered at all, the
/// CPU it used (cores, from the process's CPU time) and its working set, against its limits when the cluster caps nodes.
/// </summary>
/// <param name="InFlight">Requests the gateway has on it now (the gateway's metrics), null when unknown.</param>
internal sealed record NodeSecond(
    string Name,
    string Role,
    string State,
    bool Ready,
    bool Answering,
    double? CpuCores,
    double? CpuLimit,
    double? MemoryBytes,
    long? MemoryLimit,
    double? InFlight,
    double RequestsPerSecond);
