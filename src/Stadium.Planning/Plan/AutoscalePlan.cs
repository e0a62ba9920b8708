namespace Stadium.Planning.Plan;

/// <summary>
/// The autoscaling rules in scaling/autoscale.yaml's terms: replicas, the five signals' targets (latency as a share of
/// the objective, errorRate, inFlight per node, cpu, memory), the windows, and the concurrency one node serves well.
/// </summary>
public sealed record AutoscalePlan(
    Sourced MinReplicas,
    Sourced MaxReplicas,
    Sourced LatencyPercentOfObjective,
    Sourced TightestObjectiveMs,
    Sourced ErrorRatePercent,
    Sourced InFlightPerNode,
    Sourced CpuUtilization,
    Sourced MemoryUtilization,
    Sourced ScaleUpWindowSeconds,
    Sourced ScaleDownWindowSeconds,
    Sourced ApiConcurrency,
    Sourced WorkerMinReplicas,
    Sourced WorkerMaxReplicas,
    Sourced QueueDepthPerWorker);
