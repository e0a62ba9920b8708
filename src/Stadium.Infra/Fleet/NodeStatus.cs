namespace Stadium.Infra.Fleet;

/// <summary>A node as <c>stadium cluster status --json</c> shows it: its cluster.json entry, live readiness and load.</summary>
/// <param name="Cpu">Cores in use over the sampling window (0.5 = half a core), null when the process is gone.</param>
/// <param name="MemoryBytes">Resident memory.</param>
/// <param name="CpuLimit">Its CPU quota in cores, null when uncapped.</param>
/// <param name="MemoryLimitBytes">Its memory limit, null when uncapped.</param>
public sealed record NodeStatus(
    string Role,
    string Name,
    string Url,
    int Pid,
    string State,
    DateTimeOffset StartedAt,
    bool Ready,
    double? Cpu,
    long? MemoryBytes,
    double? CpuLimit,
    long? MemoryLimitBytes);
