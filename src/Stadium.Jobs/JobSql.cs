using System.Data.Common;
using Dapper;

namespace Stadium.Jobs;

/// <summary>The SQL both backends share word for word (SQLite 3.35+ and PostgreSQL agree on it).</summary>
internal static class JobSql
{
    public const string Columns =
        "id AS Id, type AS Type, payload AS Payload, user_id AS UserId, unique_key AS UniqueKey, priority AS Priority, " +
        "state AS State, attempt AS Attempt, max_attempts AS MaxAttempts, run_at AS RunAt, last_error AS LastError";

    /// <summary>Per type present in the table (see <see cref="QueueReadings"/> for the types that have no rows).
    /// Due: running, or available and due now; DueFromEarlier: of those, the ones enqueued at or before @earlier.</summary>
    public const string Stats =
        """
        SELECT type AS Type,
               COUNT(*) FILTER (WHERE state IN ('available', 'running')) AS Pending,
               COUNT(*) FILTER (WHERE state = 'running') AS Running,
               COUNT(*) FILTER (WHERE state = 'dead') AS Dead,
               COUNT(*) FILTER (WHERE state = 'running' OR (state = 'available' AND run_at <= @now)) AS Due,
               COUNT(*) FILTER (WHERE (state = 'running' OR (state = 'available' AND run_at <= @now)) AND created_at <= @earlier) AS DueFromEarlier,
               MIN(run_at) FILTER (WHERE state = 'available' AND run_at <= @now) AS OldestDue
        FROM jobs WHERE state <> 'completed' GROUP BY type
        """;

    public const string Rescue =
        """
        UPDATE jobs SET state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'available' END,
            last_error = 'lease expired (held by ' || COALESCE(locked_by, '?') || ')',
            locked_by = NULL, lease_until = NULL, run_at = @now, finished_at = CASE WHEN attempt >= max_attempts THEN @now END
        WHERE state = 'running' AND lease_until < @now
        RETURNING id AS Id, type AS Type, payload AS Payload, user_id AS UserId, unique_key AS UniqueKey, priority AS Priority,
            state AS State, attempt AS Attempt, max_attempts AS MaxAttempts, run_at AS RunAt, last_error AS LastError
        """;

    public const string Fail =
        """
        UPDATE jobs SET state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'available' END,
            run_at = @retryAt, last_error = @error, locked_by = NULL, lease_until = NULL,
            finished_at = CASE WHEN attempt >= max_attempts THEN @now END
        WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'
        RETURNING state
        """;

    public const string Release =
        """
        UPDATE jobs SET state = 'available', attempt = attempt - 1, locked_by = NULL, lease_until = NULL, run_at = @now
        WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'
        """;

    public const string Holds = "SELECT 1 FROM jobs WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'";

    /// <summary>A job finished by its holder (fenced: a holder that lost the lease deletes nothing).</summary>
    public const string Complete = "DELETE FROM jobs WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'";

    /// <summary><see cref="Complete"/> where completed jobs are kept (<see cref="JobsOptions.KeepCompleted"/>) until the sweeper takes them.</summary>
    public const string CompleteKept =
        "UPDATE jobs SET state = 'completed', finished_at = @now, locked_by = NULL, lease_until = NULL " +
        "WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'";

    /// <summary>
    /// One batch of the retention sweep: the oldest finished jobs (<paramref name="state"/> completed or dead) that
    /// finished before @before, at most @batch of them, through ix_jobs_finished. One short statement, its own transaction.
    /// The outer condition repeats the inner one: on PostgreSQL a dead job retried while the statement waited for its row
    /// is re-checked as it now stands and kept.
    /// </summary>
    public const string DeleteFinished =
        """
        DELETE FROM jobs WHERE state = @state AND finished_at < @before AND id IN (
            SELECT id FROM jobs WHERE state = @state AND finished_at < @before ORDER BY finished_at LIMIT @batch)
        """;

    /// <summary>The parameters of <see cref="DeleteFinished"/>; only finished states can be swept.</summary>
    public static object DeleteFinishedParameters(string state, DateTimeOffset before, int batch) =>
        state is JobState.Completed or JobState.Dead
            ? new { state, before = before.ToUnixTimeMilliseconds(), batch }
            : throw new ArgumentOutOfRangeException(nameof(state), state, "Only completed and dead jobs are swept.");

    /// <summary>Whether <paramref name="job"/> is still held by its claimer, inside the caller's transaction.</summary>
    public static async Task<bool> HoldsAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long?>(new CommandDefinition(Holds, new { job.Id, job.Attempt, job.WorkerId }, transaction, cancellationToken: ct)) is not null;

    /// <summary>Finishes <paramref name="job"/> inside the caller's transaction; false when it is no longer held by its claimer.</summary>
    public static async Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, bool keep, long now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(
            keep ? CompleteKept : Complete, new { job.Id, job.Attempt, job.WorkerId, now }, transaction, cancellationToken: ct)) == 1;

    /// <summary>A dead job back to available with fresh attempts, unless another pending job holds its unique key now.</summary>
    public const string RetryDead =
        $"""
        UPDATE jobs SET state = 'available', attempt = 0, run_at = @now, locked_by = NULL, lease_until = NULL, finished_at = NULL
        WHERE id = @id AND state = 'dead'
          AND (unique_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs p WHERE p.unique_key = jobs.unique_key AND p.state IN ('available', 'running')))
        RETURNING {Columns}
        """;

    /// <summary>
    /// Unique key, then bounds (unless the request is not <see cref="JobRequest.Bounded"/>), then the insert. The
    /// bounds count with a LIMIT so a deep backlog costs no more than the bound to check. On PostgreSQL two
    /// concurrent enqueues can both pass a bound by one each (read committed); the bound is a backpressure
    /// signal, not an invariant, so that slack is accepted.
    /// </summary>
    /// <param name="selectSuffix">Extra RETURNING expressions, evaluated once per inserted row (PostgreSQL adds its NOTIFY here).</param>
    public static async Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, JobRequest request, JobTypeOptions type, long now, CancellationToken ct, string selectSuffix = "")
    {
        if (request.Priority is < 0 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(request), "Priority runs from 0 (first) to 9 (last).");
        }

        if (request.UniqueKey is not null && await FindUniqueAsync(connection, transaction, request.UniqueKey, ct) is { } existing)
        {
            return new EnqueueResult(EnqueueOutcome.Duplicate, existing);
        }

        if (request.Bounded && await CheckBoundsAsync(connection, transaction, request.Type, request.UserId, type, now, ct) is { } refused)
        {
            return refused;
        }

        var runAt = request.RunAt?.ToUnixTimeMilliseconds() ?? now;
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            $"""
            INSERT INTO jobs (type, payload, user_id, unique_key, priority, state, attempt, max_attempts, run_at, created_at)
            VALUES (@Type, @Payload, @UserId, @UniqueKey, @Priority, 'available', 0, @maxAttempts, @runAt, @now)
            ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running') DO NOTHING
            RETURNING id{selectSuffix}
            """,
            new { request.Type, request.Payload, request.UserId, request.UniqueKey, request.Priority, maxAttempts = Math.Max(1, type.MaxAttempts), runAt, now },
            transaction, cancellationToken: ct));
        if (id is null)
        {
            // Lost a race for the unique key to a transaction that committed in between.
            return new EnqueueResult(EnqueueOutcome.Duplicate, await FindUniqueAsync(connection, transaction, request.UniqueKey!, ct));
        }

        return new EnqueueResult(EnqueueOutcome.Enqueued, id);
    }

    /// <summary>
    /// Checks the bounds of <paramref name="jobType"/> without enqueuing (see <see cref="IJobQueue.AdmitAsync"/>); a refusal
    /// is counted like a refused enqueue.
    /// </summary>
    public static async Task<EnqueueResult?> AdmitAsync(DbConnection connection, DbTransaction transaction, string jobType, long? user, JobTypeOptions type, long now, CancellationToken ct)
    {
        var refused = await CheckBoundsAsync(connection, transaction, jobType, user, type, now, ct);
        if (refused is not null)
        {
            JobMetrics.Record(jobType, refused);
        }

        return refused;
    }

    /// <summary>The type's backpressure bounds, in order of cost: pending jobs of the type, of the user, then the age
    /// of the oldest due one (an existence check for a due job older than the bound). Null when there is room.</summary>
    public static async Task<EnqueueResult?> CheckBoundsAsync(DbConnection connection, DbTransaction transaction, string jobType, long? user, JobTypeOptions type, long now, CancellationToken ct)
    {
        if (type.MaxPending > 0 && await CountPendingAsync(connection, transaction, jobType, null, type.MaxPending, ct) >= type.MaxPending)
        {
            return new EnqueueResult(EnqueueOutcome.TypeFull, null, EnqueueResult.TypeBound);
        }

        if (type.PerUserMaxPending > 0 && user is not null &&
            await CountPendingAsync(connection, transaction, jobType, user, type.PerUserMaxPending, ct) >= type.PerUserMaxPending)
        {
            return new EnqueueResult(EnqueueOutcome.UserFull, null, EnqueueResult.UserBound);
        }

        if (type.MaxOldestAge > TimeSpan.Zero && await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT 1 FROM jobs WHERE type = @jobType AND state = 'available' AND run_at <= @threshold LIMIT 1",
                new { jobType, threshold = now - (long)type.MaxOldestAge.TotalMilliseconds }, transaction, cancellationToken: ct)) is not null)
        {
            return new EnqueueResult(EnqueueOutcome.TypeFull, null, EnqueueResult.AgeBound);
        }

        return null;
    }

    private static Task<long?> FindUniqueAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM jobs WHERE unique_key = @key AND state IN ('available', 'running')", new { key }, transaction, cancellationToken: ct));

    private static Task<long> CountPendingAsync(DbConnection connection, DbTransaction transaction, string type, long? user, int bound, CancellationToken ct) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition(
            user is null
                ? "SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE type = @type AND state IN ('available', 'running') LIMIT @bound) AS p"
                : "SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE type = @type AND user_id = @user AND state IN ('available', 'running') LIMIT @bound) AS p",
            new { type, user, bound }, transaction, cancellationToken: ct));

    /// <summary>The parameters of <see cref="Stats"/>: without an earlier reading, nothing counts as enqueued before it.</summary>
    public static object StatsParameters(long now, DateTimeOffset? earlier) => new { now, earlier = earlier?.ToUnixTimeMilliseconds() ?? long.MinValue };

    public static IReadOnlyList<QueueStats> ToStats(IEnumerable<StatsRow> rows, long now) =>
        rows.Select(r => new QueueStats(r.Type, r.Pending, r.Running, r.Dead,
            r.OldestDue is { } due ? TimeSpan.FromMilliseconds(Math.Max(0, now - due)) : TimeSpan.Zero, r.Due, r.DueFromEarlier)).ToList();
}

