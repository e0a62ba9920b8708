using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.Tokens;
using MimeKit;
using Stadium.Data;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Auth;
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

    private static readonly UnsubscribeLinks Links = new(
        new SigningKey(new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))),
        new EmailOptions { PublicUrl = "https://stadium.example/api/" });

    protected JobsOptions Options { get; } = new();

    /// <summary>The queue's clock.</summary>
    protected Microsoft.Extensions.Time.Testing.FakeTimeProvider Time { get; } = new(Now);

    protected abstract Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync();

    /// <summary>The user and post store on the database <see cref="OpenStoreAsync"/> opened (exports read them).</summary>
    protected abstract (IUserStore Users, IPostStore Posts) ContentStore();

    /// <summary>A folder for files the handlers write (exports, the outbox), removed after the test.</summary>
    protected string Files { get; } = Path.Combine(Path.GetTempPath(), "stadium-feature-tests", Guid.NewGuid().ToString("n"));

    [Fact]
    public async Task A_retried_dead_export_is_queued_again_and_its_next_run_completes_it()
    {
        Options.Types[ExportStore.JobType] = new JobTypeOptions { MaxAttempts = 1 };
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 1);
        var (users, posts) = ContentStore();
        var exports = new ExportStore(database, queue);
        var files = new ExportFiles(Path.Combine(Files, "exports"));
        var handler = new ExportJobHandler(exports, new ExportPdfWriter(users, posts), files, TimeProvider.System, NullLogger<ExportJobHandler>.Instance);
        var deadLetters = new DeadLetters(queue, database, [handler]);

        var (export, _) = await exports.CreateAsync(1, Now, Ct);
        var job = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "w", 1, Ct));
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(job, "IOException: disk full", Now, Ct));
        await handler.OnDeadAsync(job, "IOException: disk full", Ct);
        Assert.Equal(ExportStatus.Failed, (await exports.GetAsync(export!.Id, Ct))!.Status);

        Assert.True(await deadLetters.RetryAsync(job.Id, Ct));
        var requeued = (await exports.GetAsync(export.Id, Ct))!;
        Assert.Equal((ExportStatus.Queued, (string?)null, (DateTimeOffset?)null), (requeued.Status, requeued.Error, requeued.CompletedAt));
        // Asking again answers with this export: the retried job holds the user's unique key, and a "failed"
        // row here made the endpoint answer a false 503.
        var (again, outcome) = await exports.CreateAsync(1, Now, Ct);
        Assert.Equal((EnqueueOutcome.Duplicate, export.Id), (outcome, again?.Id));

        var rerun = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "w", 1, Ct));
        await handler.HandleAsync(rerun, Ct);
        await queue.CompleteAsync([rerun], Ct);
        Assert.Equal(ExportStatus.Completed, (await exports.GetAsync(export.Id, Ct))!.Status);
        Assert.True(File.Exists(files.PathOf(ExportFiles.NameFor(export.Id))));
        Assert.False(await deadLetters.RetryAsync(job.Id, Ct));
    }

    [Fact]
    public async Task Retried_dead_announcement_jobs_put_the_announcement_back_to_pending_and_it_completes()
    {
        await using var rig = await OpenAnnouncementsAsync();
        var (database, queue, announcements, fanOut, batch) = (rig.Database, rig.Queue, rig.Announcements, rig.FanOut, rig.Batch);
        var deadLetters = new DeadLetters(queue, database, [fanOut, batch]);
        var (created, _) = await announcements.CreateAsync(1, "Subject", "Body", Now, Ct);
        var id = created!.Id;

        // The fan-out dies; retried, the announcement is queued again, which is what lets the fan-out run.
        var fanOutJob = Assert.Single(await queue.ClaimAsync(AnnouncementStore.FanOutJob, "w", 1, Ct));
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(fanOutJob, "boom", Now, Ct));
        await fanOut.OnDeadAsync(fanOutJob, "boom", Ct);
        Assert.Equal(AnnouncementStatus.Failed, (await announcements.GetAsync(id, Ct))!.EffectiveStatus);
        Assert.True(await deadLetters.RetryAsync(fanOutJob.Id, Ct));
        Assert.Equal(AnnouncementStatus.Queued, (await announcements.GetAsync(id, Ct))!.EffectiveStatus);
        var rerun = Assert.Single(await queue.ClaimAsync(AnnouncementStore.FanOutJob, "w", 1, Ct));
        await fanOut.HandleAsync(rerun, Ct);
        await queue.CompleteAsync([rerun], Ct);
        Assert.Equal((AnnouncementStatus.Sending, 9), ((await announcements.GetAsync(id, Ct))!.EffectiveStatus, (await announcements.GetAsync(id, Ct))!.Recipients));

        // Three batches: one is sent, two die. It stays failed until the last dead one is back in the queue.
        var batches = await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 10, Ct);
        Assert.Equal(3, batches.Count);
        await batch.HandleAsync(batches[0], Ct);
        await queue.CompleteAsync([batches[0]], Ct);
        foreach (var dying in batches.Skip(1))
        {
            Assert.Equal(FailOutcome.Dead, await queue.FailAsync(dying, "smtp down", Now, Ct));
            await batch.OnDeadAsync(dying, "smtp down", Ct);
        }

        Assert.Equal(AnnouncementStatus.Failed, (await announcements.GetAsync(id, Ct))!.EffectiveStatus);
        Assert.True(await deadLetters.RetryAsync(batches[1].Id, Ct));
        Assert.Equal(AnnouncementStatus.Failed, (await announcements.GetAsync(id, Ct))!.EffectiveStatus);
        Assert.True(await deadLetters.RetryAsync(batches[2].Id, Ct));
        Assert.Equal(AnnouncementStatus.Sending, (await announcements.GetAsync(id, Ct))!.EffectiveStatus);

        var retried = await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 10, Ct);
        Assert.Equal(2, retried.Count);
        foreach (var job in retried)
        {
            await batch.HandleAsync(job, Ct);
        }

        await queue.CompleteAsync(retried, Ct);
        var done = (await announcements.GetAsync(id, Ct))!;
        Assert.Equal((AnnouncementStatus.Completed, 9), (done.EffectiveStatus, done.Delivered));
        Assert.Equal(9, Directory.GetFiles(Path.Combine(Files, "outbox"), $"announcement-{id}-*.eml").Length);
    }

    [Fact]
    public async Task An_announcement_whose_job_died_without_its_hook_reads_failed_not_pending_for_ever()
    {
        await using var rig = await OpenAnnouncementsAsync();
        var (queue, announcements, fanOut, batch) = (rig.Queue, rig.Announcements, rig.FanOut, rig.Batch);

        // Queued, its fan-out waiting and then running: pending.
        var lost = (await announcements.CreateAsync(1, "Lost", "Body", Now, Ct)).Announcement!.Id;
        Assert.Equal(AnnouncementStatus.Queued, (await announcements.GetAsync(lost, Ct))!.EffectiveStatus);
        var fanOutJob = Assert.Single(await queue.ClaimAsync(AnnouncementStore.FanOutJob, "w", 1, Ct));
        Assert.Equal(AnnouncementStatus.Queued, (await announcements.GetAsync(lost, Ct))!.EffectiveStatus);
        // The fan-out's last attempt fails and the worker dies before the dead-letter hook runs: failed, not queued.
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(fanOutJob, "boom", Now, Ct));
        Assert.Equal(AnnouncementStatus.Failed, (await announcements.GetAsync(lost, Ct))!.EffectiveStatus);

        // Sending: one batch is delivered, one is still waiting, one dies without its hook.
        var sent = (await announcements.CreateAsync(1, "Half", "Body", Now, Ct)).Announcement!.Id;
        var sentFanOut = Assert.Single(await queue.ClaimAsync(AnnouncementStore.FanOutJob, "w", 1, Ct));
        await fanOut.HandleAsync(sentFanOut, Ct);
        await queue.CompleteAsync([sentFanOut], Ct);
        var batches = await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 2, Ct);
        await batch.HandleAsync(batches[0], Ct);
        await queue.CompleteAsync([batches[0]], Ct);
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(batches[1], "smtp down", Now, Ct));
        Assert.Equal(AnnouncementStatus.Sending, (await announcements.GetAsync(sent, Ct))!.EffectiveStatus);
        var last = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 1, Ct));
        await batch.HandleAsync(last, Ct);
        await queue.CompleteAsync([last], Ct);
        var read = (await announcements.GetAsync(sent, Ct))!;
        Assert.Equal((AnnouncementStatus.Failed, 6, 9), (read.EffectiveStatus, read.Delivered, read.Recipients));
    }

    /// <summary>Users 2..10 following user 1, their announcements and the job handlers (jobs die at their first failure).</summary>
    private async Task<AnnouncementRig> OpenAnnouncementsAsync()
    {
        Options.Types[AnnouncementStore.FanOutJob] = new JobTypeOptions { MaxAttempts = 1 };
        Options.Types[AnnouncementStore.BatchJob] = new JobTypeOptions { MaxAttempts = 1 };
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 10, followersOfFirst: true);
        var announcements = new AnnouncementStore(database, queue);
        var email = new EmailOptions { BatchSize = 3, RatePerSecond = 1_000 };
        var delivery = new EmailDelivery(new FileDropEmailSender(Path.Combine(Files, "outbox"), email.From), email, TimeProvider.System);
        return new AnnouncementRig(database, queue, announcements, new AnnouncementFanOutHandler(announcements, email),
            new AnnouncementBatchHandler(announcements, delivery, Links, TimeProvider.System), delivery);
    }

    private sealed record AnnouncementRig(
        IDatabase Database, IJobQueue Queue, AnnouncementStore Announcements, AnnouncementFanOutHandler FanOut, AnnouncementBatchHandler Batch, EmailDelivery Delivery)
        : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Delivery.DisposeAsync();
    }

    protected void DeleteFiles()
    {
        if (Directory.Exists(Files))
        {
            Directory.Delete(Files, recursive: true);
        }
    }

    [Fact]
    public async Task An_announcement_is_refused_while_the_email_batches_already_queued_are_at_their_bound_or_too_old()
    {
        Options.Types[AnnouncementStore.BatchJob] = new JobTypeOptions { MaxPending = 3, MaxOldestAge = TimeSpan.FromMinutes(5) };
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 12, followersOfFirst: true);
        var announcements = new AnnouncementStore(database, queue);
        var (first, _) = await announcements.CreateAsync(1, "One", "Body", Now, Ct);
        await announcements.FanOutAsync(first!.Id, 5, Ct);
        Assert.Equal(3, await CountAsync(database, $"SELECT COUNT(*) FROM jobs WHERE type = '{AnnouncementStore.BatchJob}'"));

        // The fan-out job itself has room; the emails it would add to do not.
        var (refused, outcome) = await announcements.CreateAsync(2, "Two", "Body", Now, Ct);
        Assert.Equal((EnqueueOutcome.TypeFull, (AnnouncementRecord?)null), (outcome, refused));
        Assert.Equal(1, await CountAsync(database, "SELECT COUNT(*) FROM announcements"));

        // One batch running leaves two pending: the depth has room, but the oldest has waited past the age bound.
        var running = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 1, Ct));
        Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Single(await queue.ExtendLeasesAsync([running], TimeSpan.FromMinutes(10), Ct));
        Assert.Equal(EnqueueOutcome.TypeFull, (await announcements.CreateAsync(2, "Two", "Body", Now, Ct)).Outcome);

        // Workers catch up: every batch running, none waiting, and announcements are admitted again.
        var rest = await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 10, Ct);
        Assert.Equal(2, rest.Count);
        await queue.CompleteAsync([.. rest, running], Ct);
        Assert.Equal(EnqueueOutcome.Enqueued, (await announcements.CreateAsync(2, "Two", "Body", Now, Ct)).Outcome);
    }

    [Fact]
    public async Task A_batch_whose_lease_went_to_another_worker_stops_after_the_one_message_in_flight()
    {
        Options.Types[AnnouncementStore.BatchJob] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(30) };
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 6, followersOfFirst: true);
        var (announcements, delivery, batch, created, outbox) = await OneBatchAnnouncementAsync(database, queue, new EmailOptions { RatePerSecond = 1_000 });
        await using var _ = delivery;

        // A worker stalls holding the batch; its lease runs out and another worker takes the batch over.
        var stalled = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "stalled", 1, Ct));
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await queue.RescueExpiredAsync(Ct));
        var current = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "current", 1, Ct));

        // Waking up, the stalled run learns it at its first record: one message out, none recorded, no more sent.
        await Assert.ThrowsAsync<JobLeaseLostException>(() => batch.HandleAsync(stalled, Ct));
        Assert.Single(Directory.GetFiles(outbox, "*.eml"));
        Assert.Equal(0, (await announcements.GetAsync(created.Id, Ct))!.Delivered);

        await batch.HandleAsync(current, Ct);
        Assert.Equal((5, AnnouncementStatus.Completed), ((await announcements.GetAsync(created.Id, Ct))!.Delivered, (await announcements.GetAsync(created.Id, Ct))!.EffectiveStatus));
        Assert.Equal(5, Directory.GetFiles(outbox, "*.eml").Length);
    }

    [Fact]
    public async Task Recipients_no_provider_will_take_are_recorded_undeliverable_and_the_rest_of_the_batch_is_sent()
    {
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 6, followersOfFirst: true);
        // Accepted at registration (System.Net.Mail), refused by MimeKit: before, the batch failed on the first of them
        // at every attempt until it died, and the followers after it never got the email.
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE users SET email = 'u' || id || '.@example.com' WHERE id IN (2, 3, 5)", transaction: transaction), Ct);
        // A breaker that would open on these three if it counted them as provider failures.
        var (announcements, delivery, batch, created, outbox) = await OneBatchAnnouncementAsync(database, queue,
            new EmailOptions { RatePerSecond = 1_000, BreakerMinimumThroughput = 2, BreakerFailureRatio = 0.5 });
        await using var _ = delivery;

        var job = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 1, Ct));
        await batch.HandleAsync(job, Ct);
        var done = (await announcements.GetAsync(created.Id, Ct))!;
        Assert.Equal((AnnouncementStatus.Completed, 2, 3), (done.EffectiveStatus, done.Delivered, done.Undeliverable));
        Assert.Equal(
            [$"announcement-{created.Id}-4.eml", $"announcement-{created.Id}-6.eml"],
            Directory.GetFiles(outbox, "*.eml").Select(f => Path.GetFileName(f)!).Order().ToArray());

        // A re-run sends nothing and tries the undeliverable ones no more.
        Assert.Empty(await announcements.PendingRecipientsAsync(created.Id, [2, 3, 4, 5, 6], Ct));
    }

    [Fact]
    public async Task Followers_who_turned_announcement_emails_off_get_none_and_every_email_carries_a_one_click_unsubscribe()
    {
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 6, followersOfFirst: true);
        var users = ContentStore().Users;
        // User 4 before the announcement: the fan-out leaves them out.
        await users.SetAnnouncementEmailsAsync(4, false, Ct);
        var announcements = new AnnouncementStore(database, queue);
        var outbox = Path.Combine(Files, "outbox");
        var email = new EmailOptions { RatePerSecond = 1_000 };
        await using var delivery = new EmailDelivery(new FileDropEmailSender(outbox, email.From), email, TimeProvider.System);
        var (created, _) = await announcements.CreateAsync(1, "Subject", "Body", Now, Ct);
        Assert.Equal(4, await announcements.FanOutAsync(created!.Id, 10, Ct));

        // User 5 after the fan-out listed them: the batch records them as done and sends nothing.
        await users.SetAnnouncementEmailsAsync(5, false, Ct);
        Assert.Equal([5L], (await announcements.PendingRecipientsAsync(created.Id, [2, 3, 5, 6], Ct)).Where(r => !r.Announcements).Select(r => r.Id));
        var job = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 1, Ct));
        await new AnnouncementBatchHandler(announcements, delivery, Links, TimeProvider.System).HandleAsync(job, Ct);

        var done = (await announcements.GetAsync(created.Id, Ct))!;
        Assert.Equal((AnnouncementStatus.Completed, 4, 3, 1), (done.EffectiveStatus, done.Recipients, done.Delivered, done.Undeliverable));
        Assert.Equal(
            [$"announcement-{created.Id}-2.eml", $"announcement-{created.Id}-3.eml", $"announcement-{created.Id}-6.eml"],
            Directory.GetFiles(outbox, "*.eml").Select(f => Path.GetFileName(f)!).Order().ToArray());
        Assert.Empty(await announcements.PendingRecipientsAsync(created.Id, [2, 3, 5, 6], Ct));

        // RFC 8058: the link in List-Unsubscribe, with List-Unsubscribe-Post, made for the recipient; the same link in the text.
        var message = await MimeMessage.LoadAsync(Path.Combine(outbox, $"announcement-{created.Id}-6.eml"));
        var link = $"https://stadium.example/api/v1/email/unsubscribe?token={Links.TokenFor(6)}";
        Assert.Equal($"<{link}>", message.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(link, message.TextBody, StringComparison.Ordinal);
        Assert.Equal(6, Links.UserOf(Links.TokenFor(6)));
    }

    [Fact]
    public async Task A_follower_who_turns_announcement_emails_off_while_the_batch_reads_its_recipients_is_sent_to_or_recorded()
    {
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 6, followersOfFirst: true);
        var users = ContentStore().Users;
        // User 5 turns them off right after the batch's first read of its recipients: one read must decide both who is
        // sent to and who is recorded as unsubscribed, or user 5 falls between two reads (not sent, not recorded) and
        // the announcement never completes.
        var racing = new AfterFirstListRead(database, () => users.SetAnnouncementEmailsAsync(5, false, Ct));
        var (announcements, delivery, batch, created, _) = await OneBatchAnnouncementAsync(racing, queue, new EmailOptions { RatePerSecond = 1_000 });
        await using var _ = delivery;

        var job = Assert.Single(await queue.ClaimAsync(AnnouncementStore.BatchJob, "w", 1, Ct));
        await batch.HandleAsync(job, Ct);
        Assert.True(racing.Fired);
        var done = (await announcements.GetAsync(created.Id, Ct))!;
        Assert.Equal((AnnouncementStatus.Completed, 5), (done.EffectiveStatus, done.Delivered + done.Undeliverable));
        Assert.Empty(await announcements.PendingRecipientsAsync(created.Id, [2, 3, 4, 5, 6], Ct));
    }

    /// <summary>An announcement of user 1 to users 2..6 (see <see cref="InsertUsersAsync"/>), fanned out into one batch that
    /// sends to a file-drop outbox. The caller disposes the delivery.</summary>
    private async Task<(AnnouncementStore Announcements, EmailDelivery Delivery, AnnouncementBatchHandler Batch, AnnouncementRecord Created, string Outbox)>
        OneBatchAnnouncementAsync(IDatabase database, IJobQueue queue, EmailOptions email)
    {
        var announcements = new AnnouncementStore(database, queue);
        var outbox = Path.Combine(Files, "outbox");
        var delivery = new EmailDelivery(new FileDropEmailSender(outbox, email.From), email, TimeProvider.System);
        var (created, _) = await announcements.CreateAsync(1, "Subject", "Body", Now, Ct);
        Assert.Equal(5, await announcements.FanOutAsync(created!.Id, 10, Ct));
        return (announcements, delivery, new AnnouncementBatchHandler(announcements, delivery, Links, TimeProvider.System), created, outbox);
    }

    /// <summary>A database that runs <paramref name="meanwhile"/> once, right after the first primary read that answers a list.</summary>
    private sealed class AfterFirstListRead(IDatabase inner, Func<Task> meanwhile) : IDatabase
    {
        public bool Fired { get; private set; }

        public Task<T> ReadAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> read, CancellationToken ct) => inner.ReadAsync(read, ct);

        public Task<T> ReadUpToDateAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> read, CancellationToken ct) => inner.ReadUpToDateAsync(read, ct);

        public async Task<T> ReadPrimaryAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> read, CancellationToken ct)
        {
            var result = await inner.ReadPrimaryAsync(read, ct);
            if (!Fired && result is System.Collections.IList)
            {
                Fired = true;
                await meanwhile();
            }

            return result;
        }

        public Task<T> WriteAsync<T>(Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<T>> work, CancellationToken ct) => inner.WriteAsync(work, ct);

        public Task<T> WriteStatementAsync<T>(Func<System.Data.Common.DbConnection, Task<T>> statement, CancellationToken ct) => inner.WriteStatementAsync(statement, ct);
    }

    private static Task<long> CountAsync(IDatabase database, string sql) =>
        database.ReadAsync(connection => connection.ExecuteScalarAsync<long>(sql), Ct);

    /// <summary>Users 1..<paramref name="count"/>; with <paramref name="followersOfFirst"/> every other one follows user 1.</summary>
    private static Task InsertUsersAsync(IDatabase database, int count, bool followersOfFirst = false) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (@id, 'u' || @id, 'u' || @id || '@example.com', 'x', 0)",
                Enumerable.Range(1, count).Select(id => new { id = (long)id }), transaction);
            if (followersOfFirst)
            {
                await connection.ExecuteAsync("INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@id, 1, 0)",
                    Enumerable.Range(2, count - 1).Select(id => new { id = (long)id }), transaction);
            }

            return 0;
        }, Ct);

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
        Assert.True(await exports.MarkCompletedAsync(job, first.Id, "export-1.pdf", Now.AddSeconds(3), Ct));
        Assert.Null(await queue.GetAsync(job.Id, Ct));
        var done = (await exports.GetAsync(first.Id, Ct))!;
        Assert.Equal((ExportStatus.Completed, "export-1.pdf", Now.AddSeconds(3)), (done.Status, done.FileName, done.CompletedAt));

        var (next, _) = await exports.CreateAsync(7, Now, Ct);
        Assert.NotEqual(first.Id, next!.Id);
        await exports.MarkFailedAsync(next.Id, "boom", Now, Ct);
        Assert.Equal((ExportStatus.Failed, "boom"), ((await exports.GetAsync(next.Id, Ct))!.Status, (await exports.GetAsync(next.Id, Ct))!.Error));
    }

    [Fact]
    public async Task A_completed_export_frees_its_users_key_even_if_the_worker_dies_before_acknowledging_the_job()
    {
        var (queue, exports, handler) = await OpenExportsAsync();
        var (first, _) = await exports.CreateAsync(1, Now, Ct);
        var job = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "w", 1, Ct));

        // The handler finishes; the worker is killed before its batched acknowledgement (none is sent here).
        await handler.HandleAsync(job, Ct);
        Assert.Equal(ExportStatus.Completed, (await exports.GetAsync(first!.Id, Ct))!.Status);
        Assert.Null(await queue.GetAsync(job.Id, Ct));

        // The user asks for a new export at once: it is queued, instead of a 503 until the dead worker's lease ran out.
        var (next, outcome) = await exports.CreateAsync(1, Now, Ct);
        Assert.Equal((EnqueueOutcome.Enqueued, ExportStatus.Queued), (outcome, next?.Status));
        Assert.NotEqual(first.Id, next!.Id);
    }

    [Fact]
    public async Task An_export_run_that_lost_its_lease_does_not_complete_the_export_and_the_new_holder_does()
    {
        Options.Types[ExportStore.JobType] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(30) };
        var (queue, exports, handler) = await OpenExportsAsync();
        var (export, _) = await exports.CreateAsync(1, Now, Ct);
        var stalled = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "stalled", 1, Ct));
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await queue.RescueExpiredAsync(Ct));
        var current = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "current", 1, Ct));

        await Assert.ThrowsAsync<JobLeaseLostException>(() => handler.HandleAsync(stalled, Ct));
        Assert.Equal(ExportStatus.Running, (await exports.GetAsync(export!.Id, Ct))!.Status);
        Assert.Equal(JobState.Running, (await queue.GetAsync(current.Id, Ct))!.State);

        await handler.HandleAsync(current, Ct);
        Assert.Equal(ExportStatus.Completed, (await exports.GetAsync(export.Id, Ct))!.Status);
        Assert.Null(await queue.GetAsync(current.Id, Ct));
    }

    [Fact]
    public async Task An_export_whose_job_died_without_its_hook_reads_failed_and_does_not_block_a_new_one()
    {
        Options.Types[ExportStore.JobType] = new JobTypeOptions { MaxAttempts = 1 };
        var (queue, exports, _) = await OpenExportsAsync();
        var (stuck, _) = await exports.CreateAsync(1, Now, Ct);
        var job = Assert.Single(await queue.ClaimAsync(ExportStore.JobType, "w", 1, Ct));
        await exports.MarkRunningAsync(stuck!.Id, Ct);

        // The last attempt fails and the job is dead; the worker dies before the dead-letter hook marks the export.
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(job, "IOException: disk full", Now, Ct));
        var read = (await exports.GetAsync(stuck.Id, Ct))!;
        Assert.Equal((ExportStatus.Failed, ExportJobHandler.FailureReason), (read.Status, read.Error));

        // Before, the export answered "running" for ever and every new request of its user was answered with it.
        var (next, outcome) = await exports.CreateAsync(1, Now, Ct);
        Assert.Equal((EnqueueOutcome.Enqueued, ExportStatus.Queued), (outcome, next?.Status));
        Assert.NotEqual(stuck.Id, next!.Id);
        var (again, duplicate) = await exports.CreateAsync(1, Now, Ct);
        Assert.Equal((EnqueueOutcome.Duplicate, next.Id), (duplicate, again!.Id));
        // And the stuck one stays failed while the new one holds the user's key.
        Assert.Equal(ExportStatus.Failed, (await exports.GetAsync(stuck.Id, Ct))!.Status);
    }

    /// <summary>A store with user 1 in it, its exports and their job handler.</summary>
    private async Task<(IJobQueue Queue, ExportStore Exports, ExportJobHandler Handler)> OpenExportsAsync()
    {
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 1);
        var (users, posts) = ContentStore();
        var exports = new ExportStore(database, queue);
        var files = new ExportFiles(Path.Combine(Files, "exports"));
        return (queue, exports, new ExportJobHandler(exports, new ExportPdfWriter(users, posts), files, TimeProvider.System, NullLogger<ExportJobHandler>.Instance));
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
        Assert.Equal(1, await CountAsync(database, "SELECT COUNT(*) FROM exports"));
    }

    [Fact]
    public async Task An_announcement_fans_out_once_into_batches_and_deliveries_are_recorded_once()
    {
        var (database, queue) = await OpenStoreAsync();
        await InsertUsersAsync(database, 26, followersOfFirst: true);
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
        ClaimedJob BatchOf(long recipient) => batches.Single(b => JsonSerializer.Deserialize<AnnouncementBatch>(b.Payload, JsonSerializerOptions.Web)!.RecipientIds.Contains(recipient));
        Assert.True(await announcements.RecordDeliveryAsync(BatchOf(3), created.Id, 3, "test", Now, Ct));
        Assert.False(await announcements.RecordDeliveryAsync(BatchOf(3), created.Id, 3, "test", Now, Ct));
        // A record by a holder that lost its batch's lease writes nothing.
        var stale = BatchOf(2) with { WorkerId = "stalled-worker" };
        Assert.False(await announcements.RecordDeliveryAsync(stale, created.Id, 2, "test", Now, Ct));
        var stillPending = await announcements.PendingRecipientsAsync(created.Id, [2, 3, 4], Ct);
        Assert.Equal(new long[] { 2, 4 }, stillPending.Select(r => r.Id).ToArray());
        Assert.Equal(1, (await announcements.GetAsync(created.Id, Ct))!.Delivered);

        foreach (var id in Enumerable.Range(2, 25).Where(i => i != 3))
        {
            Assert.True(await announcements.RecordDeliveryAsync(BatchOf(id), created.Id, id, "test", Now, Ct));
        }

        Assert.Equal(AnnouncementStatus.Completed, (await announcements.GetAsync(created.Id, Ct))!.EffectiveStatus);
    }
}
