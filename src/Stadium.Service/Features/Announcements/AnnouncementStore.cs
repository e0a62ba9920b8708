using System.Data.Common;
using System.Text.Json;
using Dapper;
using Stadium.Data;
using Stadium.Jobs;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Announcements;

/// <summary>Announcements, their fan-out into batch jobs and the delivery ledger (the idempotency record of every email).</summary>
internal sealed class AnnouncementStore(IDatabase database, IJobQueue queue)
{
    public const string FanOutJob = "announcement.fanout";
    public const string BatchJob = "announcement.batch";

    private const string Columns =
        $"""
        a.id AS Id, a.author_id AS AuthorId, u.username AS Author, a.subject AS Subject, a.body AS Body, a.status AS Status,
        a.recipients AS Recipients, a.created_at AS CreatedAtMs,
        a.swept_delivered + (SELECT COUNT(*) FROM email_deliveries d WHERE d.announcement_id = a.id AND d.provider NOT IN ({NotDelivered})) AS Delivered,
        a.swept_undeliverable + (SELECT COUNT(*) FROM email_deliveries d WHERE d.announcement_id = a.id AND d.provider IN ({NotDelivered})) AS Undeliverable,
        CASE WHEN a.status NOT IN ('{AnnouncementStatus.Queued}', '{AnnouncementStatus.Sending}') OR EXISTS (
            SELECT 1 FROM jobs j WHERE j.unique_key LIKE '{JobKeyStem}' || a.id || ':%' AND j.state IN ('available', 'running'))
        THEN 1 ELSE 0 END AS JobsPending
        """;

    /// <summary>Every job of an announcement has a unique key "announcement:{id}:...", so its pending jobs can be found.</summary>
    private const string JobKeyStem = "announcement:";

    /// <summary>The ledger's provider for a recipient no provider will take (<see cref="UndeliverableEmailException"/>).</summary>
    public const string Undeliverable = "undeliverable";

    /// <summary>
    /// The ledger's provider for a recipient who turned announcement emails off after the fan-out had listed them (the
    /// fan-out leaves out those who had already): nothing is sent, and they count as undeliverable.
    /// </summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>The ledger's providers that mean "not sent", as an SQL list.</summary>
    public const string NotDelivered = $"'{Undeliverable}', '{Unsubscribed}'";

    /// <summary>
    /// Stores the announcement and queues its fan-out in one transaction; a refusal rolls both back. Admission looks
    /// at the work an announcement really creates: the fan-out job's bounds, and the bounds of the batch jobs (the
    /// emails), whose backlog the fan-out would add to. Batches are not refused later: they are admitted here.
    /// </summary>
    public async Task<(AnnouncementRecord? Announcement, EnqueueOutcome Outcome)> CreateAsync(long authorId, string subject, string body, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var id = await database.WriteAsync(async (connection, transaction) =>
            {
                if (await queue.AdmitAsync(connection, transaction, BatchJob, authorId, ct) is { } refused)
                {
                    throw new EnqueueRefused(refused.Outcome);
                }

                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "INSERT INTO announcements (author_id, subject, body, status, created_at) VALUES (@authorId, @subject, @body, 'queued', @at) RETURNING id",
                    new { authorId, subject, body, at = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct));
                var payload = JsonSerializer.Serialize(new AnnouncementFanOut(id), JsonSerializerOptions.Web);
                var result = await queue.EnqueueAsync(connection, transaction, new JobRequest(FanOutJob, payload, authorId, UniqueKey: $"{JobKeyPrefix(id)}fan-out"), ct);
                return result.Outcome == EnqueueOutcome.Enqueued ? id : throw new EnqueueRefused(result.Outcome);
            }, ct);
            return (await GetAsync(id, ct), EnqueueOutcome.Enqueued);
        }
        catch (EnqueueRefused refused)
        {
            return (null, refused.Outcome);
        }
    }

    public Task<AnnouncementRecord?> GetAsync(long id, CancellationToken ct) =>
        database.ReadPrimaryAsync(async connection => (await connection.QuerySingleOrDefaultAsync<AnnouncementRow>(new CommandDefinition(
            $"SELECT {Columns} FROM announcements a JOIN users u ON u.id = a.author_id WHERE a.id = @id", new { id }, cancellationToken: ct)))?.ToRecord(), ct);

    /// <summary>
    /// Snapshots the followers into batch jobs and marks the announcement sending, all in one transaction: a
    /// re-run after a crash either finds it already fanned out or redoes the whole split, never half of it.
    /// </summary>
    /// <returns>The number of recipients, or null when the announcement was already fanned out.</returns>
    public Task<int?> FanOutAsync(long announcementId, int batchSize, CancellationToken ct) =>
        database.WriteAsync<int?>(async (connection, transaction) =>
        {
            var author = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT author_id FROM announcements WHERE id = @announcementId AND status = 'queued'", new { announcementId }, transaction, cancellationToken: ct));
            if (author is null)
            {
                return null;
            }

            var recipients = 0;
            var before = long.MaxValue;
            while (true)
            {
                var ids = (await connection.QueryAsync<long>(new CommandDefinition(
                    """
                    SELECT f.follower_id FROM follows f JOIN users u ON u.id = f.follower_id
                    WHERE f.followee_id = @author AND f.follower_id < @before AND u.announcement_emails
                    ORDER BY f.follower_id DESC LIMIT @batchSize
                    """,
                    new { author, before, batchSize }, transaction, cancellationToken: ct))).ToArray();
                if (ids.Length == 0)
                {
                    break;
                }

                var payload = JsonSerializer.Serialize(new AnnouncementBatch(announcementId, ids), JsonSerializerOptions.Web);
                // Batches skip the bounds: the announcement was admitted against them, and refusing them now would lose it.
                var batch = await queue.EnqueueAsync(connection, transaction,
                    new JobRequest(BatchJob, payload, author, UniqueKey: $"{JobKeyPrefix(announcementId)}{ids[0]}", Bounded: false), ct);
                if (!batch.Accepted)
                {
                    throw new InvalidOperationException($"Batch of announcement {announcementId} refused: {batch.Outcome}.");
                }
                recipients += ids.Length;
                before = ids[^1];
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE announcements SET status = @status, recipients = @recipients WHERE id = @announcementId",
                new { announcementId, recipients, status = recipients == 0 ? AnnouncementStatus.Completed : AnnouncementStatus.Sending }, transaction, cancellationToken: ct));
            return recipients;
        }, ct);

    /// <summary>
    /// A dead job of the announcement went back in the queue (inside that transaction). A fan-out makes it queued
    /// again (the fan-out runs only from there); a batch makes it sending, unless another of its batches is still
    /// dead: then it stays failed until that one is retried too.
    /// </summary>
    public static Task MarkRequeuedAsync(DbConnection connection, DbTransaction transaction, long announcementId, string jobType, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            jobType == FanOutJob
                ? "UPDATE announcements SET status = 'queued' WHERE id = @announcementId AND status = 'failed'"
                : """
                  UPDATE announcements SET status = 'sending' WHERE id = @announcementId AND status = 'failed'
                    AND NOT EXISTS (SELECT 1 FROM jobs WHERE type = @BatchJob AND state = 'dead' AND unique_key LIKE @batchKeys)
                  """,
            new { announcementId, BatchJob, batchKeys = JobKeyPrefix(announcementId) + "%" }, transaction, cancellationToken: ct));

    /// <summary>
    /// The start of every unique key of an announcement's jobs: its fan-out is "announcement:{id}:fan-out", its batches
    /// "announcement:{id}:{first recipient}".
    /// </summary>
    private static string JobKeyPrefix(long announcementId) => $"{JobKeyStem}{announcementId}:";

    public Task MarkFailedAsync(long announcementId, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE announcements SET status = 'failed' WHERE id = @announcementId", new { announcementId }, transaction, cancellationToken: ct)), ct);

    /// <summary>
    /// Recipients of <paramref name="ids"/> who have no recorded delivery yet, with their addresses and whether they take
    /// announcement emails now (false: turned off since the fan-out listed them). One read for both kinds: a recipient
    /// who turns them off meanwhile is either sent to or recorded as unsubscribed, never left out of the batch (the
    /// announcement could not complete without them).
    /// </summary>
    public Task<List<Recipient>> PendingRecipientsAsync(long announcementId, long[] ids, CancellationToken ct) =>
        ids.Length == 0
            ? Task.FromResult(new List<Recipient>())
            : database.ReadPrimaryAsync(async connection => (await connection.QueryAsync<RecipientRow>(new CommandDefinition(
                $"""
                SELECT u.id AS Id, u.username AS Username, u.email AS Email, u.announcement_emails AS Announcements FROM users u
                WHERE u.id IN ({IdList(ids)})
                AND NOT EXISTS (SELECT 1 FROM email_deliveries d WHERE d.announcement_id = @announcementId AND d.recipient_id = u.id)
                ORDER BY u.id
                """,
                new { announcementId }, cancellationToken: ct))).Select(row => row.ToRecord()).ToList(), ct);

    // The ids are numbers, written into the statement: Dapper expands a list parameter on SQLite but hands
    // Npgsql an array (which `IN` does not take), and one literal list reads the same in both dialects.
    private static string IdList(long[] ids) => string.Join(',', ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>
    /// Records one sent email, fenced by the batch job's lease: false (nothing written) when <paramref name="batch"/> is no
    /// longer held by its claimer, or the pair is already recorded, which only another holder of the batch could have
    /// done. Either way the caller must stop sending: another worker owns the batch now.
    /// </summary>
    public Task<bool> RecordDeliveryAsync(ClaimedJob batch, long announcementId, long recipientId, string provider, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
            await queue.HoldsAsync(connection, transaction, batch, ct) &&
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO email_deliveries (announcement_id, recipient_id, provider, sent_at) VALUES (@announcementId, @recipientId, @provider, @at)
                ON CONFLICT (announcement_id, recipient_id) DO NOTHING
                """,
                new { announcementId, recipientId, provider, at = at.ToUnixTimeMilliseconds() }, transaction, cancellationToken: ct)) == 1, ct);

    /// <summary>A class with setters, not a record: the flag is a boolean on PostgreSQL and an integer on SQLite.</summary>
    private sealed class RecipientRow
    {
        public long Id { get; set; }

        public string Username { get; set; } = "";

        public string Email { get; set; } = "";

        public bool Announcements { get; set; }

        public Recipient ToRecord() => new(Id, Username, Email, Announcements);
    }

    private sealed class AnnouncementRow
    {
        public long Id { get; set; }

        public long AuthorId { get; set; }

        public string Author { get; set; } = "";

        public string Subject { get; set; } = "";

        public string Body { get; set; } = "";

        public string Status { get; set; } = "";

        public int Recipients { get; set; }

        public int Delivered { get; set; }

        public int Undeliverable { get; set; }

        public long CreatedAtMs { get; set; }

        public int JobsPending { get; set; }

        public AnnouncementRecord ToRecord() =>
            new(Id, AuthorId, Author, Subject, Body, Status, Recipients, Delivered, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs), Undeliverable, JobsPending != 0);
    }
}
