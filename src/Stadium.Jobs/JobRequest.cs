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

public enum EnqueueOutcome
{
    Enqueued,

    /// <summary>A pending job already holds the unique key; <see cref="EnqueueResult.JobId"/> is that job.</summary>
    Duplicate,

    /// <summary>The type's pending bound or age bound is reached: the queue is full for everyone (503).</summary>
    TypeFull,

    /// <summary>The user's pending bound for the type is reached (429).</summary>
    UserFull,
}

/// <param name="Bound">For a refusal, the bound that refused it: <see cref="TypeBound"/>, <see cref="UserBound"/> or <see cref="AgeBound"/>.</param>
public sealed record EnqueueResult(EnqueueOutcome Outcome, long? JobId, string? Bound = null)
{
    public const string TypeBound = "type";
    public const string UserBound = "user";
    public const string AgeBound = "age";

    public bool Accepted => Outcome is EnqueueOutcome.Enqueued or EnqueueOutcome.Duplicate;
}
