namespace Stadium.Jobs;

/// <summary>What to run: a job type (which names its handler and its <see cref="JobTypeOptions"/>) and a JSON payload.</summary>
/// <param name="UserId">Whose job it is: the per-user backpressure bound counts by it.</param>
/// <param name="UniqueKey">At most one pending (available or running) job holds a given key; a second enqueue finds the first.</param>
/// <param name="Priority">0 runs first, 9 last; ties go to the earliest run-at, then the oldest.</param>
/// <param name="RunAt">Not before this moment (scheduled jobs); null means now.</param>
public sealed record JobRequest(
    string Type,
    string Payload,
    long? UserId = null,
    string? UniqueKey = null,
    int Priority = JobRequest.DefaultPriority,
    DateTimeOffset? RunAt = null)
{
    public const int DefaultPriority = 1;
}

public enum EnqueueOutcome
{
    Enqueued,

    /// <summary>A pending job already holds the unique key; <see cref="EnqueueResult.JobId"/> is that job.</summary>
    Duplicate,

    /// <summary>The type's pending bound is reached: the queue is full for everyone (503).</summary>
    TypeFull,

    /// <summary>The user's pending bound for the type is reached (429).</summary>
    UserFull,
}

public sealed record EnqueueResult(EnqueueOutcome Outcome, long? JobId)
{
    public bool Accepted => Outcome is EnqueueOutcome.Enqueued or EnqueueOutcome.Duplicate;
}
