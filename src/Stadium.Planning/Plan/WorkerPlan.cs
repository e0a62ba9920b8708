namespace Stadium.Planning.Plan;

/// <summary>Queue workers: the job rate, jobs in flight (Little's law), workers to run them, and each worker's size.</summary>
public sealed record WorkerPlan(Sourced JobsPerSecond, Sourced JobsInFlight, Sourced MinReplicas, Sourced MaxReplicas, Sourced QueueDepthPerWorker, string Cpu, string Memory);
