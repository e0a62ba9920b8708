using System.Data.Common;

namespace Stadium.Jobs;

/// <summary>
/// A durable queue in the application's own database. Enqueue joins the caller's transaction, so a job and
/// the write that causes it commit together or not at all. Delivery is at least once: a claim is a lease,
/// and a job whose lease runs out is handed out again.
/// </summary>
public interface IJobQueue
{
    /// <summary>Adds a job inside <paramref name="transaction"/>, applying the type's unique key and backpressure bounds.</summary>
    Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, JobRequest request, CancellationToken ct);

    /// <summary>
    /// Checks the backpressure bounds of <paramref name="type"/> without enqueuing, inside <paramref name="transaction"/>:
    /// for a request whose work becomes jobs of that type later (an announcement's batches come from its fan-out job).
    /// Null when there is room; otherwise the refusal, counted in stadium.jobs.rejected like a refused enqueue.
    /// </summary>
    Task<EnqueueResult?> AdmitAsync(DbConnection connection, DbTransaction transaction, string type, long? userId, CancellationToken ct);

    /// <summary>
    /// Adds many jobs inside <paramref name="transaction"/> (results in request order). Jobs without unique keys
    /// and bounds go in one statement where the backend can; the rest are enqueued one by one with full checks.
    /// </summary>
    Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JobRequest> requests, CancellationToken ct);

    /// <summary>Takes up to <paramref name="max"/> due jobs of <paramref name="type"/>, highest priority first, leased to <paramref name="workerId"/>.</summary>
    Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string type, string workerId, int max, CancellationToken ct);

    /// <summary>Finishes jobs (they are deleted). Jobs whose lease was lost are left alone.</summary>
    Task CompleteAsync(IReadOnlyCollection<ClaimedJob> jobs, CancellationToken ct);

    /// <summary>
    /// Finishes <paramref name="job"/> inside the caller's transaction, fenced like <see cref="HoldsAsync"/>: for a handler
    /// whose result is a row of its own (an export marked completed), so the result and the job's end commit together.
    /// Otherwise a worker that dies, or fails to acknowledge, after the result committed leaves the job holding its unique
    /// key until the lease runs out. False (nothing deleted) when the job is no longer held by its claimer. The worker's
    /// own acknowledgement afterwards finds nothing left to delete; the completion is counted there, once.
    /// </summary>
    Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct);

    /// <summary>Records a failed attempt: back to the queue at <paramref name="retryAt"/>, or dead once attempts are used up.</summary>
    Task<FailOutcome> FailAsync(ClaimedJob job, string error, DateTimeOffset retryAt, CancellationToken ct);

    /// <summary>Gives a job back unfinished (graceful shutdown): available at once, the attempt not counted.</summary>
    Task ReleaseAsync(ClaimedJob job, CancellationToken ct);

    /// <summary>
    /// Whether <paramref name="job"/> is still held by its claimer, read inside the caller's transaction: a handler that
    /// records an effect with this check is fenced like the queue's own bookkeeping, so a holder that lost its lease
    /// learns it at its next record instead of at the next heartbeat.
    /// </summary>
    Task<bool> HoldsAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct);

    /// <summary>Heartbeat: pushes the leases of held jobs forward. Returns the ids still held.</summary>
    Task<IReadOnlySet<long>> ExtendLeasesAsync(IReadOnlyCollection<ClaimedJob> jobs, TimeSpan lease, CancellationToken ct);

    /// <summary>Jobs whose lease has run out go back to the queue, or die when out of attempts. Returns them as they now
    /// stand, so the worker can tell the handlers of the ones that died (their feature's status must say so).</summary>
    Task<IReadOnlyList<JobRecord>> RescueExpiredAsync(CancellationToken ct);

    /// <summary>
    /// Puts a dead job back in the queue with fresh attempts, inside <paramref name="transaction"/> so the feature's
    /// own status can change with it (see <see cref="DeadLetters"/>). Returns the job as it now stands, or null when
    /// it is not dead or another pending job holds its unique key again.
    /// </summary>
    Task<JobRecord?> RetryDeadAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct);

    Task<JobRecord?> GetAsync(long id, CancellationToken ct);

    /// <summary>
    /// Deletes up to <paramref name="batch"/> of the oldest jobs in <paramref name="state"/> (completed or dead) that
    /// finished before <paramref name="before"/>, in one short statement of its own. Returns how many it deleted.
    /// </summary>
    Task<int> DeleteFinishedAsync(string state, DateTimeOffset before, int batch, CancellationToken ct);

    Task<IReadOnlyList<JobRecord>> ListDeadAsync(string? type, int limit, CancellationToken ct);

    /// <summary>Depth, age and dead letters per type that has rows. <paramref name="earlier"/>: the time of an earlier
    /// reading, against which <see cref="QueueStats.DueFromEarlier"/> is counted (null: none).</summary>
    Task<IReadOnlyList<QueueStats>> StatsAsync(DateTimeOffset? earlier, CancellationToken ct);

    /// <summary>Waits until a job of <paramref name="type"/> may be available (a wake-up) or <paramref name="timeout"/> passes.</summary>
    Task WaitForJobsAsync(string type, TimeSpan timeout, CancellationToken ct);
}
