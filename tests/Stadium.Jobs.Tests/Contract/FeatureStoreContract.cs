using System.Text.Json;
using Dapper;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Exports;

namespace Stadium.Jobs.Tests.Contract;

/// <summary>
/// The exports and announcements tables share SQL between the two dialects; these run it on both, with
/// the rows and their jobs written in one transaction.
/// </summary>
public abstract class FeatureStoreContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    protected JobsOptions Options { get; } = new();

    protected abstract Task<(IPrimaryDatabase Database, IJobQueue Queue)> OpenStoreAsync();

    [Fact]
    public async Task An_export_row_and_its_job_are_written_together_and_one_stays_pending_per_user()
    {
        var (database, queue) = await OpenStoreAsync();
        var exports = new ExportStore(database, queue);
        var (first, outcome) = await exports.CreateAsync(7, Now, Ct);
        Assert.Equal((EnqueueOutcome.Enqueued, ExportStatus.Queued, 7L), (outcome, first!.Status, first.UserId));
        var (again, duplicate) = await exports.CreateAsync(7, Now, Ct);
        Assert.Equal((EnqueueOutcome.Duplicate, first.Id), (duplicate, again!.Id));

        var job = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "w", 10, Ct));
        Assert.Equal(new ExportJob(first.Id, 7), JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web));
        await exports.MarkRunningAsync(first.Id, Ct);
        Assert.Equal(ExportStatus.Running, (await exports.GetAsync(first.Id, Ct))!.Status);
        await exports.MarkCompletedAsync(first.Id, "export-1.pdf", Now.AddSeconds(3), Ct);
        await queue.CompleteAsync([job], Ct);
        var done = (await exports.GetAsync(first.Id, Ct))!;
        Assert.Equal((ExportStatus.Completed, "export-1.pdf", Now.AddSeconds(3)), (done.Status, done.FileName, done.CompletedAt));

        var (next, _) = await exports.CreateAsync(7, Now, Ct);
        Assert.NotEqual(first.Id, next!.Id);
        await exports.MarkFailedAsync(next.Id, "boom", Now, Ct);
        Assert.Equal((ExportStatus.Failed, "boom"), ((await exports.GetAsync(next.Id, Ct))!.Status, (await exports.GetAsync(next.Id, Ct))!.Error));
    }

    [Fact]
    public async Task A_refused_export_leaves_no_row_behind()
    {
        Options.Types[ExportStore.JobType] = new JobTypeOptions { MaxPending = 1 };
        var (database, queue) = await OpenStoreAsync();
        var exports = new ExportStore(database, queue);
        Assert.Equal(EnqueueOutcome.Enqueued, (await exports.CreateAsync(1, Now, Ct)).Outcome);
        var (refused, outcome) = await exports.CreateAsync(2, Now, Ct);
        Assert.Equal(EnqueueOutcome.TypeFull, outcome);
        Assert.Null(refused);
        Assert.Equal(1, await database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM exports"), Ct));
    }

    [Fact]
    public async Task An_announcement_fans_out_once_into_batches_and_deliveries_are_recorded_once()
    {
        var (database, queue) = await OpenStoreAsync();
        await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (@id, 'u' || @id, 'u' || @id || '@example.com', 'x', 0)",
                Enumerable.Range(1, 26).Select(id => new { id = (long)id }), transaction);
            await connection.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@id, 1, 0)",
                Enumerable.Range(2, 25).Select(id => new { id = (long)id }), transaction);
            return 0;
        }, Ct);
        var announcements = new AnnouncementStore(database, queue);
        var (created, outcome) = await announcements.CreateAsync(1, "Subject", "Body", Now, Ct);
        Assert.Equal((EnqueueOutcome.Enqueued, AnnouncementStatus.Queued, "u1"), (outcome, created!.Status, created.Author));

        Assert.Equal(25, await announcements.FanOutAsync(created.Id, 10, Ct));
        Assert.Null(await announcements.FanOutAsync(created.Id, 10, Ct));
        var batches = await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 10, Ct);
        var recipients = batches.SelectMany(b => JsonSerializer.Deserialize<AnnouncementBatch>(b.Payload, JsonSerializerOptions.Web)!.RecipientIds).Order().ToList();
        Assert.Equal(3, batches.Count);
        Assert.Equal(Enumerable.Range(2, 25).Select(i => (long)i), recipients);

        var sending = (await announcements.GetAsync(created.Id, Ct))!;
        Assert.Equal((AnnouncementStatus.Sending, 25, 0), (sending.EffectiveStatus, sending.Recipients, sending.Delivered));
        var pending = await announcements.PendingRecipientsAsync(created.Id, [2, 3, 4], Ct);
        Assert.Equal([(2L, "u2@example.com"), (3L, "u3@example.com"), (4L, "u4@example.com")], pending.Select(r => (r.Id, r.Email)).ToArray());
        await announcements.RecordDeliveryAsync(created.Id, 3, "test", Now, Ct);
        await announcements.RecordDeliveryAsync(created.Id, 3, "test", Now, Ct);
        var stillPending = await announcements.PendingRecipientsAsync(created.Id, [2, 3, 4], Ct);
        Assert.Equal(new long[] { 2, 4 }, stillPending.Select(r => r.Id).ToArray());
        Assert.Equal(1, (await announcements.GetAsync(created.Id, Ct))!.Delivered);

        foreach (var id in Enumerable.Range(2, 25).Where(i => i != 3))
        {
            await announcements.RecordDeliveryAsync(created.Id, id, "test", Now, Ct);
        }

        Assert.Equal(AnnouncementStatus.Completed, (await announcements.GetAsync(created.Id, Ct))!.EffectiveStatus);
    }
}
