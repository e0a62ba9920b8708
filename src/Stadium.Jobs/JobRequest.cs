namespace Stadium.Jobs;

/// <summary>What to run: a job type (which names its handler and its <see cref="JobTypeOptions"/>) and a JSON payload.</summary>
/// <param name="UserId">Whose job it is: the per-user backpressure bound counts by it.</param>
/// <param name="UniqueKey">At most one pending (available or running) job holds a given key; a second enqueue finds the first.</param>
/// <param name="Priority">0 runs first, 9 last; ties go to the earliest run-at, then the oldest.</param>
/// <param name="RunAt">Not before this moment (scheduled jobs); null means now.</param>
/// <param name="Bounded">Whether the type's backpressure bounds apply. False for work already admitted (an announcement's
/// batches, admitted with <see cref="IJobQueue.AdmitAsync"/> when the announcement was): refusing it would lose it.</param>
public sealed record JobRequest(
    string Type,
    string Payload,
    long? UserId = null,
    string? UniqueKey = null,
    int Priority = JobRequest.DefaultPriority,
    DateTimeOffset? RunAt = null,
    bool Bounded = true)
{
    public const int DefaultPriority = 1;
}
