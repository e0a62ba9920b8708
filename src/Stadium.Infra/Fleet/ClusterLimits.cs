namespace Stadium.Infra.Fleet;

/// <summary>The limits each API node and worker runs under; <paramref name="Capped"/> is false when cgroups were not available.</summary>
/// <param name="Cpu">CPU quota in cores (0.5 = half of one core's time).</param>
/// <param name="MemoryBytes">Memory limit in bytes.</param>
public sealed record ClusterLimits(double Cpu, long MemoryBytes, bool Capped);
