namespace Stadium.Gateway.Dashboard;

/// <summary>Each node's CPU quota (cores) and memory limit; <see cref="Capped"/> false when the cluster runs without limits.</summary>
internal sealed record ClusterFileLimits(double? Cpu, long? MemoryBytes, bool Capped);
