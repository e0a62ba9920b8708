namespace Stadium.Planning.Plan;

/// <summary>Queue workers: the export job rate, those jobs in flight (Little's law), the workers announcements keep busy,
/// workers to run it all, and each worker's size.</summary>
public sealed record WorkerPlan(Sourced JobsPerSecond, Sourced JobsInFlight, Sourced AnnouncementWorkers, Sourced MinReplicas, Sourced MaxReplicas, Sourced QueueDepthPerWorker, string Cpu, string Memory);
