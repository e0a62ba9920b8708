namespace Stadium.Jobs;

/// <summary>
/// Thrown by a handler that finds, when it records an effect (<see cref="IJobQueue.HoldsAsync"/>), that its job's lease
/// has gone to another holder: it stops at once, and the worker reports nothing for the job (the new holder owns it).
/// </summary>
public sealed class JobLeaseLostException(ClaimedJob job) : Exception($"Job {job.Type} #{job.Id} attempt {job.Attempt} is no longer held by {job.WorkerId}.")
{
    public ClaimedJob Job => job;
}
