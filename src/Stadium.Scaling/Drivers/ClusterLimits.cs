namespace Stadium.Scaling.Drivers;

/// <summary>cluster.json's `limits`: each node's CPU quota in cores and memory limit, and whether they are enforced.</summary>
internal sealed record ClusterLimits(double? Cpu, long? MemoryBytes, bool Capped);
