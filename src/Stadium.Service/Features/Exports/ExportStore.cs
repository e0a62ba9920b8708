using System.Data.Common;
using System.Text.Json;
using Dapper;
using Stadium.Data;
using Stadium.Jobs;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Exports;

/// <summary>Export rows, written in the same transaction as the job that produces the file.</summary>
internal sealed class ExportStore(IDatabase database, IJobQueue queue)
{
    public const string JobType = "export.pdf";

    /// <summary>The unique key of a user's export job: at most one is pending per user.</summary>
    public const string UniqueKeyPrefix = "export:";

    private const string StoredColumns =
        "id AS Id, user_id AS UserId, status AS Status, file_name AS FileName, error AS Error, created_at AS CreatedAtMs, completed_at AS CompletedAtMs";

    /// <summary>
    /// An export says queued or running while no job of its user is pending: its job was dead-lettered and the
    /// dead-letter hook (<see cref="MarkFailedAsync"/>, a transaction of its own) never ran, because the worker died
    /// or the write failed in between. Completion and a retry from the dead letters change the export and its job in
    /// one transaction, so nothing else leaves an export pending without its job.
    /// </summary>
    private const string Orphaned =
        $"status IN ('queued', 'running') AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.unique_key = '{UniqueKeyPrefix}' || exports.user_id AND j.state IN ('available', 'running'))";

    /// <summary>An orphaned export reads as failed (one statement, one snapshot of both tables), so it neither reads running
    /// for ever nor answers every new export of its user in place of a new one.</summary>
    private const string Columns =
        $"id AS Id, user_id AS UserId, CASE WHEN {Orphaned} THEN '{ExportStatus.Failed}' ELSE status END AS Status, file_name AS FileName, " +
        $"CASE WHEN {Orphaned} THEN '{ExportJobHandler.FailureReason}' ELSE error END AS Error, created_at AS CreatedAtMs, completed_at AS CompletedAtMs";

    /// <summary>
    /// Queues an export unless the user already has one pending (then that one is the answer: one pending export
    /// per user, enforced by the job's unique key). A refused enqueue rolls the export row back with it.
    /// </summary>
    public async Task<(ExportRecord? Export, EnqueueOutcome Outcome)> CreateAsync(long userId, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            return await database.WriteAsync(async (connection, transaction) =>
            {
                var pending = await connection.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition(
                    $"SELECT {Columns} FROM exports WHERE user_id = @userId AND status IN ('queued', 'running') ORDER BY id DESC LIMIT 1",
                    new { userId }, transaction, cancellationToken: ct));
                if (pending is { Status: not ExportStatus.Failed })
                {
                    return (pending.ToRecord(), EnqueueOutcome.Duplicate);
                }

                if (pending is not null)
                {
                    // Orphaned: written down as failed now, since the new export's job about to hold the user's key
                    // would make it read pending again.
                    await connection.ExecuteAsync(new CommandDefinition(MarkFailedSql,
                        new { id = pending.Id, error = ExportJobHandler.FailureReason, at = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
                }

                var row = await connection.QuerySingleAsync<ExportRow>(new CommandDefinition(
                    $"INSERT INTO exports (user_id, status, created_at) VALUES (@userId, 'queued', @at) RETURNING {StoredColumns}",
                    new { userId, at = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
                var payload = JsonSerializer.Serialize(new ExportJob(row.Id, userId), JsonSerializerOptions.Web);
                var result = await queue.EnqueueAsync(connection, transaction, new JobRequest(JobType, payload, userId, UniqueKey: $"{UniqueKeyPrefix}{userId}"), ct);
                return result.Outcome == EnqueueOutcome.Enqueued ? (row.ToRecord(), result.Outcome) : throw new EnqueueRefused(result.Outcome);
            }, ct);
        }
        catch (EnqueueRefused refused) when (refused.Outcome == EnqueueOutcome.Duplicate)
        {
            // Another request queued this user's export between our check and our enqueue: answer with that one.
            return (await FindPendingAsync(userId, ct), EnqueueOutcome.Duplicate);
        }
        catch (EnqueueRefused refused)
        {
            return (null, refused.Outcome);
        }
    }

    public Task<ExportRecord?> GetAsync(long id, CancellationToken ct) =>
        database.ReadPrimaryAsync(async connection => (await connection.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition(
            $"SELECT {Columns} FROM exports WHERE id = @id", new { id }, cancellationToken: ct)))?.ToRecord(), ct);

    public Task MarkRunningAsync(long id, CancellationToken ct) =>
        SetAsync("UPDATE exports SET status = 'running' WHERE id = @id AND status IN ('queued', 'running')", new { id }, ct);

    /// <summary>
    /// Marks the export completed and finishes its <paramref name="job"/> in one transaction, so the user's unique key
    /// is free exactly when the export says completed: a worker that dies (or cannot acknowledge) right after cannot leave
    /// a completed export whose job holds the key until its lease runs out, refusing every new export of that user with
    /// 503 meanwhile. False (nothing written) when the job's lease has gone
    /// to another worker, which will complete the export itself.
    /// </summary>
    public Task<bool> MarkCompletedAsync(ClaimedJob job, long id, string fileName, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (!await queue.CompleteAsync(connection, transaction, job, ct))
            {
                return false;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE exports SET status = 'completed', file_name = @fileName, completed_at = @at, error = NULL WHERE id = @id",
                new { id, fileName, at = at.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
            return true;
        }, ct);

    public Task MarkFailedAsync(long id, string error, DateTimeOffset at, CancellationToken ct) =>
        SetAsync(MarkFailedSql, new { id, error, at = at.ToUnixTimeMilliseconds() }, ct);

    private const string MarkFailedSql = "UPDATE exports SET status = 'failed', error = @error, completed_at = @at WHERE id = @id AND status <> 'completed'";

    /// <summary>Its dead job went back in the queue (inside that transaction): the export is queued again, its failure forgotten.</summary>
    public static Task MarkRequeuedAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE exports SET status = 'queued', error = NULL, completed_at = NULL WHERE id = @id AND status = 'failed'",
            new { id }, transaction, cancellationToken: ct));

    private Task<ExportRecord?> FindPendingAsync(long userId, CancellationToken ct) =>
        database.ReadPrimaryAsync(async connection => (await connection.QuerySingleOrDefaultAsync<ExportRow>(new CommandDefinition(
            $"SELECT {Columns} FROM exports WHERE user_id = @userId AND status IN ('queued', 'running') ORDER BY id DESC LIMIT 1",
            new { userId }, cancellationToken: ct)))?.ToRecord(), ct);

    private Task SetAsync(string sql, object parameters, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)), ct);

    private sealed class ExportRow
    {
        public long Id { get; set; }

        public long UserId { get; set; }

        public string Status { get; set; } = "";

        public string? FileName { get; set; }

        public string? Error { get; set; }

        public long CreatedAtMs { get; set; }

        public long? CompletedAtMs { get; set; }

        public ExportRecord ToRecord() => new(Id, UserId, Status, FileName, Error, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs),
            CompletedAtMs is { } done ? DateTimeOffset.FromUnixTimeMilliseconds(done) : null);
    }
}
