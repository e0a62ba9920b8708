namespace Stadium.Jobs;

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
