using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Stadium.Data;

namespace Stadium.Jobs.Sqlite;

/// <summary>
/// The queue on the embedded default. SQLite has one writer, so a claim is a plain UPDATE ... RETURNING in
/// an immediate transaction behind the database's write gate: no two workers can take the same row.
/// Workers in this process are woken by enqueues directly; workers in another process poll.
/// </summary>
internal sealed class SqliteJobQueue(IDatabase database, JobsOptions options, TimeProvider time) : IJobQueue
{
    private readonly WakeSignals _signals = new();

    public async Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, JobRequest request, CancellationToken ct)
    {
        var result = await JobSql.EnqueueAsync(connection, transaction, request, options.For(request.Type), Now(), ct);
        JobMetrics.Record(request.Type, result);
        if (result.Outcome == EnqueueOutcome.Enqueued)
        {
            // A worker woken now still has to pass the write gate this transaction holds, so it sees the job once committed.
            _signals.Wake(request.Type);
        }

        return result;
    }

    public Task<EnqueueResult?> AdmitAsync(DbConnection connection, DbTransaction transaction, string type, long? userId, CancellationToken ct) =>
        JobSql.AdmitAsync(connection, transaction, type, userId, options.For(type), Now(), ct);

    /// <summary>SQLite statements cost no round trip, so one by one is already the fast path.</summary>
    public async Task<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JobRequest> requests, CancellationToken ct)
    {
        var results = new List<EnqueueResult>(requests.Count);
        foreach (var request in requests)
        {
            results.Add(await EnqueueAsync(connection, transaction, request, ct));
        }

        return results;
    }

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string type, string workerId, int max, CancellationToken ct)
    {
        var now = Now();
        var leaseUntil = now + (long)options.For(type).Lease.TotalMilliseconds;
        return database.WriteAsync((connection, transaction) => Task.FromResult<IReadOnlyList<ClaimedJob>>(connection.Query<JobRow>(
            $"""
            UPDATE jobs SET state = 'running', attempt = attempt + 1, locked_by = @workerId, lease_until = @leaseUntil
            WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND type = @type AND run_at <= @now
                         ORDER BY priority, run_at, id LIMIT @max)
            RETURNING {JobSql.Columns}
            """,
            new { type, workerId, leaseUntil, now, max }, transaction).Select(r => r.ToClaimed(workerId)).ToList()), ct);
    }

    public async Task CompleteAsync(IReadOnlyCollection<ClaimedJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        var now = Now();
        await database.WriteAsync((connection, transaction) => Task.FromResult(connection.Execute(
            options.KeepCompleted ? JobSql.CompleteKept : JobSql.Complete, jobs.Select(j => new { j.Id, j.Attempt, j.WorkerId, now }), transaction)), ct);
        foreach (var group in jobs.GroupBy(j => j.Type))
        {
            JobMetrics.RecordCompleted(group.Key, group.Count());
        }
    }

    public async Task<FailOutcome> FailAsync(ClaimedJob job, string error, DateTimeOffset retryAt, CancellationToken ct)
    {
        var state = await database.WriteAsync((connection, transaction) => Task.FromResult(connection.ExecuteScalar<string?>(
            JobSql.Fail, new { job.Id, job.Attempt, job.WorkerId, error, retryAt = retryAt.ToUnixTimeMilliseconds(), now = Now() }, transaction)), ct);
        var outcome = state switch { null => FailOutcome.LeaseLost, JobState.Dead => FailOutcome.Dead, _ => FailOutcome.WillRetry };
        JobMetrics.RecordFailed(job.Type, outcome);
        return outcome;
    }

    public async Task ReleaseAsync(ClaimedJob job, CancellationToken ct)
    {
        await database.WriteAsync((connection, transaction) => Task.FromResult(connection.Execute(
            JobSql.Release, new { job.Id, job.Attempt, job.WorkerId, now = Now() }, transaction)), ct);
        _signals.Wake(job.Type);
    }

    public Task<bool> CompleteAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct) =>
        JobSql.CompleteAsync(connection, transaction, job, options.KeepCompleted, Now(), ct);

    public Task<bool> HoldsAsync(DbConnection connection, DbTransaction transaction, ClaimedJob job, CancellationToken ct) =>
        JobSql.HoldsAsync(connection, transaction, job, ct);

    public Task<IReadOnlySet<long>> ExtendLeasesAsync(IReadOnlyCollection<ClaimedJob> jobs, TimeSpan lease, CancellationToken ct)
    {
        var leaseUntil = Now() + (long)lease.TotalMilliseconds;
        return database.WriteAsync((connection, transaction) =>
        {
            var held = new HashSet<long>();
            foreach (var job in jobs)
            {
                if (connection.Execute(
                    "UPDATE jobs SET lease_until = @leaseUntil WHERE id = @Id AND attempt = @Attempt AND locked_by = @WorkerId AND state = 'running'",
                    new { job.Id, job.Attempt, job.WorkerId, leaseUntil }, transaction) == 1)
                {
                    held.Add(job.Id);
                }
            }

            return Task.FromResult<IReadOnlySet<long>>(held);
        }, ct);
    }

    public async Task<IReadOnlyList<JobRecord>> RescueExpiredAsync(CancellationToken ct)
    {
        var rows = await database.WriteAsync((connection, transaction) =>
            Task.FromResult(connection.Query<JobRow>(JobSql.Rescue, new { now = Now() }, transaction).Select(r => r.ToRecord()).ToList()), ct);
        JobMetrics.RecordRescued(rows);
        foreach (var type in rows.Select(r => r.Type).Distinct())
        {
            _signals.Wake(type);
        }

        return rows;
    }

    public async Task<JobRecord?> RetryDeadAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct)
    {
        // One writer: nobody can take the unique key between the statement's check and its update.
        var row = await connection.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(JobSql.RetryDead, new { id, now = Now() }, transaction, cancellationToken: ct));
        if (row is not null)
        {
            _signals.Wake(row.Type);
        }

        return row?.ToRecord();
    }

    public Task<JobRecord?> GetAsync(long id, CancellationToken ct) =>
        database.ReadPrimaryAsync(connection =>
            Task.FromResult(connection.QuerySingleOrDefault<JobRow>($"SELECT {JobSql.Columns} FROM jobs WHERE id = @id", new { id })?.ToRecord()), ct);

    public Task<int> DeleteFinishedAsync(string state, DateTimeOffset before, int batch, CancellationToken ct) =>
        database.WriteStatementAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            JobSql.DeleteFinished, JobSql.DeleteFinishedParameters(state, before, batch), cancellationToken: ct)), ct);

    public Task<IReadOnlyList<JobRecord>> ListDeadAsync(string? type, int limit, CancellationToken ct) =>
        database.ReadPrimaryAsync(connection => Task.FromResult<IReadOnlyList<JobRecord>>(connection.Query<JobRow>(
            $"SELECT {JobSql.Columns} FROM jobs WHERE state = 'dead' AND (@type IS NULL OR type = @type) ORDER BY id LIMIT @limit", new { type, limit })
            .Select(r => r.ToRecord()).ToList()), ct);

    public Task<IReadOnlyList<QueueStats>> StatsAsync(DateTimeOffset? earlier, CancellationToken ct)
    {
        var now = Now();
        return database.ReadPrimaryAsync(connection =>
            Task.FromResult(JobSql.ToStats(connection.Query<StatsRow>(JobSql.Stats, JobSql.StatsParameters(now, earlier)), now)), ct);
    }

    public Task WaitForJobsAsync(string type, TimeSpan timeout, CancellationToken ct) => _signals.WaitAsync(type, timeout, time, ct);

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
