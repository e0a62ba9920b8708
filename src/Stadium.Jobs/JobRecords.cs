namespace Stadium.Jobs;

/// <summary>Job states. Completed jobs are deleted (their results live in the feature's own tables); dead ones are kept.</summary>
public static class JobState
{
    public const string Available = "available";
    public const string Running = "running";
    public const string Dead = "dead";
}

/// <summary>A job a worker holds under a lease. <see cref="Attempt"/> with <see cref="WorkerId"/> fences it: once the lease is lost, nothing this holder reports counts.</summary>
public sealed record ClaimedJob(
    long Id,
    string Type,
    string Payload,
    long? UserId,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string WorkerId);

/// <summary>A job as stored, for inspection (dead letters, tests).</summary>
public sealed record JobRecord(
    long Id,
    string Type,
    string Payload,
    long? UserId,
    string? UniqueKey,
    int Priority,
    string State,
    int Attempt,
    int MaxAttempts,
    DateTimeOffset RunAt,
    string? LastError);

/// <summary>
/// Thrown by a handler that finds, when it records an effect (<see cref="IJobQueue.HoldsAsync"/>), that its job's lease
/// has gone to another holder: it stops at once, and the worker reports nothing for the job (the new holder owns it).
/// </summary>
public sealed class JobLeaseLostException(ClaimedJob job) : Exception($"Job {job.Type} #{job.Id} attempt {job.Attempt} is no longer held by {job.WorkerId}.")
{
    public ClaimedJob Job => job;
}

/// <summary>What came of a failed attempt.</summary>
public enum FailOutcome
{
    WillRetry,
    Dead,

    /// <summary>The lease was lost before the failure was reported; the job belongs to someone else now.</summary>
    LeaseLost,
}

/// <summary>Per job type: pending jobs (available + running) and how long the oldest due job has waited.</summary>
/// <param name="Due">Jobs workers could be running now: running, or available and due (not scheduled later or backing off).</param>
/// <param name="DueFromEarlier">Of <paramref name="Due"/>, those enqueued at or before the earlier reading the stats were asked against:
/// the earlier reading's due jobs minus these is how many finished in between (see <see cref="QueueReadings"/>).</param>
public sealed record QueueStats(string Type, long Pending, long Running, long Dead, TimeSpan OldestDueAge, long Due = 0, long DueFromEarlier = 0)
{
    public static QueueStats Empty(string type) => new(type, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Rows read back by Dapper; times are unix milliseconds in both backends.</summary>
internal sealed class JobRow
{
    public long Id { get; set; }

    public string Type { get; set; } = "";

    public string Payload { get; set; } = "";

    public long? UserId { get; set; }

    public string? UniqueKey { get; set; }

    public int Priority { get; set; }

    public string State { get; set; } = "";

    public int Attempt { get; set; }

    public int MaxAttempts { get; set; }

    public long RunAt { get; set; }

    public string? LastError { get; set; }

    public JobRecord ToRecord() =>
        new(Id, Type, Payload, UserId, UniqueKey, Priority, State, Attempt, MaxAttempts, DateTimeOffset.FromUnixTimeMilliseconds(RunAt), LastError);

    public ClaimedJob ToClaimed(string workerId) => new(Id, Type, Payload, UserId, Attempt, MaxAttempts, DateTimeOffset.FromUnixTimeMilliseconds(RunAt), workerId);
}

internal sealed class StatsRow
{
    public string Type { get; set; } = "";

    public long Pending { get; set; }

    public long Running { get; set; }

    public long Dead { get; set; }

    public long Due { get; set; }

    public long DueFromEarlier { get; set; }

    public long? OldestDue { get; set; }
}
