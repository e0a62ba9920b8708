using System.Data.Common;
using Dapper;
using Npgsql;

namespace Stadium.Jobs.Postgres;

/// <summary>
/// The queue at scale. Claims take rows with FOR UPDATE SKIP LOCKED, so any number of workers pull from one
/// table without blocking each other; enqueue sends a NOTIFY that commits with the job and wakes idle workers
/// listening on one connection per process (polling stays as the fallback).
/// Queue bookkeeping (claim, complete, fail, heartbeat) commits with synchronous_commit off: losing one of
/// those writes in a database crash only means a job runs again, which at-least-once delivery allows anyway.
/// </summary>
internal sealed class PostgresJobQueue : IJobQueue, IAsyncDisposable
{
    public const string Channel = "stadium_jobs";

    private const string NotifySuffix = $", pg_notify('{Channel}', @Type)";

    private readonly NpgsqlDataSource _primary;
    private readonly JobsOptions _options;
    private readonly TimeProvider _time;
    private readonly WakeSignals _signals = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _listenerLock = new();
    private Task? _listener;
    private int _disposed;

    /// <param name="primaryConnectionString">The primary, as in "Stadium:Store:Postgres:Primary". The queue keeps its own
    /// small pool so a busy queue never takes connections from API requests (enqueue uses the caller's connection).</param>
    public PostgresJobQueue(string primaryConnectionString, JobsOptions options, TimeProvider time)
    {
        var builder = new NpgsqlConnectionStringBuilder(primaryConnectionString)
        {
            Options = "-c synchronous_commit=off",
            MaxPoolSize = options.MaxConnections,
            ApplicationName = "stadium-jobs",
            MaxAutoPrepare = options.MaxAutoPrepare,
        };
        _primary = new NpgsqlDataSourceBuilder(builder.ConnectionString) { Name = "jobs" }.Build();
        _options = options;
        _time = time;
    }

    public async Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, JobRequest request, CancellationToken ct)
    {
        // The NOTIFY rides in the INSERT statement (one round trip): it is delivered at commit, not before,
        // and not at all on rollback; PostgreSQL folds identical ones within a transaction.
        var result = await JobSql.EnqueueAsync(connection, transaction, request, _options.For(request.Type), Now(), ct, NotifySuffix);
        JobMetrics.Record(request.Type, result);
        return result;
    }

    public Task<EnqueueResult?> AdmitAsync(DbConnection connection, DbTransaction transaction, string type, long? userId, CancellationToken ct) =>
        JobSql.AdmitAsync(connection, transaction, type, userId, _options.For(type), Now(), ct);

    public async Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JobRequest> requests, CancellationToken ct)
    {
        if (requests.Any(r => r.UniqueKey is not null || r.Priority is < 0 or > 9 || (r.Bounded && _options.For(r.Type).HasBounds)))
        {
            var results = new List<EnqueueResult>(requests.Count);
            foreach (var request in requests)
            {
                results.Add(await EnqueueAsync(connection, transaction, request, ct));
            }

            return results;
        }

        // One INSERT ... SELECT FROM unnest for the lot; ids come from the sequence in the order rows are inserted,
        // which is the order of the arrays. One NOTIFY per type that has due jobs.
        var now = Now();
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            INSERT INTO jobs (type, payload, user_id, priority, state, attempt, max_attempts, run_at, created_at)
            SELECT t, p, u, pr, 'available', 0, m, r, @now
            FROM unnest(@types, @payloads, @users, @priorities, @maxAttempts, @runAts) WITH ORDINALITY AS x(t, p, u, pr, m, r, n)
            ORDER BY n
            RETURNING id
            """,
            new
            {
                now,
                types = requests.Select(r => r.Type).ToArray(),
                payloads = requests.Select(r => r.Payload).ToArray(),
                users = requests.Select(r => r.UserId).ToArray(),
                priorities = requests.Select(r => (short)r.Priority).ToArray(),
                maxAttempts = requests.Select(r => Math.Max(1, _options.For(r.Type).MaxAttempts)).ToArray(),
                runAts = requests.Select(r => r.RunAt?.ToUnixTimeMilliseconds() ?? now).ToArray(),
            },
            transaction, cancellationToken: ct))).Order().ToList();
        foreach (var type in requests.Where(r => r.RunAt is null || r.RunAt.Value.ToUnixTimeMilliseconds() <= now).Select(r => r.Type).Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @type)", new { Channel, type }, transaction, cancellationToken: ct));
        }

        foreach (var group in requests.GroupBy(r => r.Type))
        {
            JobMetrics.RecordEnqueued(group.Key, group.Count());
        }

        return ids.Select(id => new EnqueueResult(EnqueueOutcome.Enqueued, id)).ToList();
    }

    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string type, string workerId, int max, CancellationToken ct)
    {
        var now = Now();
        var leaseUntil = now + (long)_options.For(type).Lease.TotalMilliseconds;
        var rows = await BookkeepingAsync((connection, transaction) => connection.QueryAsync<JobRow>(new CommandDefinition(
            $"""
            UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = @workerId, lease_until = @leaseUntil
            WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND type = @type AND run_at <= @now
                         ORDER BY priority, run_at, id LIMIT @max FOR UPDATE SKIP LOCKED)
            RETURNING {JobSql.Columns}
            """,
            new { type, workerId, leaseUntil, now, max }, transaction, cancellationToken: ct)), ct);
        return rows.Select(r => r.ToClaimed(workerId)).ToList();
    }

    public async Task CompleteAsync(IReadOnlyCollection<ClaimedJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        await BookkeepingAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            _options.KeepCompleted
                ? """
                  UPDATE jobs j SET state = 'completed', finished_at = @now, locked_by = NULL, lease_until = NULL
                  FROM unnest(@ids, @attempts, @workers) AS d(id, attempt, worker)
                  WHERE j.id = d.id AND j.attempt = d.attempt AND j.locked_by = d.worker AND j.state = 'running'
                  """
                : """
                  DELETE FROM jobs j USING unnest(@ids, @attempts, @workers) AS d(id, attempt, worker)
                  WHERE j.id = d.id AND j.attempt = d.attempt AND j.locked_by = d.worker AND j.state = 'running'
                  """,
            new { ids = jobs.Select(j => j.Id).ToArray(), attempts = jobs.Select(j => j.Attempt).ToArray(), workers = jobs.Select(j => j.WorkerId).ToArray(), now = Now() },
            transaction, cancellationToken: ct)), ct);
        foreach (var group in jobs.GroupBy(j => j.Type))
        {
            JobMetrics.RecordCompleted(group.Key, group.Count());
        }
    }

    public async Task<FailOutcome> FailAsync(ClaimedJob job, string error, DateTimeOffset retryAt, CancellationToken ct)
    {
        var state = await BookkeepingAsync((connection, transaction) => connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            JobSql.Fail, new { job.Id, job.Attempt, job.WorkerId, error, retryAt = retryAt.ToUnixTimeMilliseconds(), now = Now() }, transaction, cancellationToken: ct)), ct);
        var outcome = state switch { null => FailOutcome.LeaseLost, JobState.Dead => FailOutcome.Dead, _ => FailOutcome.WillRetry };
        JobMetrics.RecordFailed(job.Type, outcome);
        return outcome;
    }

    public async Task ReleaseAsync(ClaimedJob job, CancellationToken ct)
    {
        await using var connection = await _primary.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(JobSql.Release, new { job.Id, job.Attempt, job.WorkerId, now = Now() }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @type)", new { Channel, type = job.Type }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    public Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct) =>
        JobSql.CompleteAsync(connection, transaction, job, _options.KeepCompleted, Now(), ct);

    public Task<bool> HoldsAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct) =>
        JobSql.HoldsAsync(connection, transaction, job, ct);

    public async Task<IReadOnlySet<long>> ExtendLeasesAsync(IReadOnlyCollection<ClaimedJob> jobs, TimeSpan lease, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return new HashSet<long>();
        }

        var leaseUntil = Now() + (long)lease.TotalMilliseconds;
        var held = await BookkeepingAsync((connection, transaction) => connection.QueryAsync<long>(new CommandDefinition(
            """
            UPDATE jobs j SET lease_until = @leaseUntil FROM unnest(@ids, @attempts, @workers) AS d(id, attempt, worker)
            WHERE j.id = d.id AND j.attempt = d.attempt AND j.locked_by = d.worker AND j.state = 'running'
            RETURNING j.id
            """,
            new { leaseUntil, ids = jobs.Select(j => j.Id).ToArray(), attempts = jobs.Select(j => j.Attempt).ToArray(), workers = jobs.Select(j => j.WorkerId).ToArray() },
            transaction, cancellationToken: ct)), ct);
        return held.ToHashSet();
    }

    public async Task<IReadOnlyList<JobRecord>> RescueExpiredAsync(CancellationToken ct)
    {
        var rows = (await BookkeepingAsync((connection, transaction) => connection.QueryAsync<JobRow>(new CommandDefinition(
            JobSql.Rescue, new { now = Now() }, transaction, cancellationToken: ct)), ct)).Select(r => r.ToRecord()).ToList();
        JobMetrics.RecordRescued(rows);
        foreach (var type in rows.Select(r => r.Type).Distinct())
        {
            _signals.Wake(type);
        }

        return rows;
    }

    public async Task<JobRecord?> RetryDeadAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct)
    {
        // The statement skips a job whose unique key another pending job holds; an enqueue committing in between
        // can still take the key first, and its unique violation must not abort the caller's transaction.
        await transaction.SaveAsync("retry_dead", ct);
        try
        {
            var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
                JobSql.RetryDead, new { id, now = Now() }, transaction, cancellationToken: ct));
            await transaction.ReleaseAsync("retry_dead", ct);
            if (row is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_notify(@Channel, @type)", new { Channel, type = row.Type }, transaction, cancellationToken: ct));
            }

            return row?.ToRecord();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("retry_dead", ct);
            return null;
        }
    }

    public async Task<JobRecord?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await _primary.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition($"SELECT {JobSql.Columns} FROM jobs WHERE id = @id", new { id }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<JobRecord>> ListDeadAsync(string? type, int limit, CancellationToken ct)
    {
        await using var connection = await _primary.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<JobRow>(new CommandDefinition(
            $"SELECT {JobSql.Columns} FROM jobs WHERE state = 'dead' AND (@type::text IS NULL OR type = @type) ORDER BY id LIMIT @limit",
            new { type, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Through the queue's own pool, in autocommit: one short statement per batch.</summary>
    public Task<int> DeleteFinishedAsync(string state, DateTimeOffset before, int batch, CancellationToken ct) =>
        BookkeepingAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            JobSql.DeleteFinished, JobSql.DeleteFinishedParameters(state, before, batch), transaction, cancellationToken: ct)), ct);

    public async Task<IReadOnlyList<QueueStats>> StatsAsync(DateTimeOffset? earlier, CancellationToken ct)
    {
        var now = Now();
        await using var connection = await _primary.OpenConnectionAsync(ct);
        return JobSql.ToStats(await connection.QueryAsync<StatsRow>(new CommandDefinition(JobSql.Stats, JobSql.StatsParameters(now, earlier), cancellationToken: ct)), now);
    }

    public Task WaitForJobsAsync(string type, TimeSpan timeout, CancellationToken ct)
    {
        lock (_listenerLock)
        {
            _listener ??= Task.Run(ListenAsync);
        }

        return _signals.WaitAsync(type, timeout, _time, ct);
    }

    /// <summary>One LISTEN connection per process; notifications name the job type that became available.</summary>
    private async Task ListenAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _primary.OpenConnectionAsync(_stopping.Token);
                connection.Notification += (_, e) => _signals.Wake(e.Payload);
                await connection.ExecuteAsync($"LISTEN {Channel}");
                // Anything enqueued while no one listened is found by the first claim after this wake-up.
                _signals.WakeAll();
                while (!_stopping.IsCancellationRequested)
                {
                    await connection.WaitAsync(_stopping.Token);
                }
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                // The connection broke; workers keep polling meanwhile. Reconnect shortly.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Single statements run in autocommit (one round trip); the pool's sessions have synchronous_commit off.</summary>
    private async Task<T> BookkeepingAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _primary.OpenConnectionAsync(ct);
        return await work(connection, null);
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_listener is not null)
        {
            await _listener;
        }

        _stopping.Dispose();
        await _primary.DisposeAsync();
    }
}
