using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stadium.Data;
using Stadium.Data.Stores;
using Stadium.Service.Features.Announcements;
using Stadium.Service.Features.Exports;
using Stadium.Service.Platform.Retention;

namespace Stadium.Jobs.Tests.Contract;

/// <summary>
/// Retention on both engines, under a fake clock: idempotency keys expire by age before any sweep, and the sweep job
/// deletes what is past its retention (keys, finished jobs, the delivery ledger, finished exports and their files) in
/// batches, keeping what is recent or still pending.
/// </summary>
public abstract class RetentionContract
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    protected JobsOptions Options { get; } = new();

    /// <summary>The clock of the queue, the sweeper and the requests.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    protected RetentionOptions Retention { get; } = new();

    protected abstract Task<(IDatabase Database, IJobQueue Queue)> OpenStoreAsync();

    /// <summary>The post store on the database <see cref="OpenStoreAsync"/> opened.</summary>
    protected abstract IPostStore Posts();

    /// <summary>A folder for export files, removed after the test.</summary>
    protected string Files { get; } = Path.Combine(Path.GetTempPath(), "stadium-retention-tests", Guid.NewGuid().ToString("n"));

    protected void DeleteFiles()
    {
        if (Directory.Exists(Files))
        {
            Directory.Delete(Files, recursive: true);
        }
    }

    [Fact]
    public async Task An_idempotency_key_replays_inside_its_window_and_is_free_after_it_before_any_sweep()
    {
        var (database, _) = await OpenStoreAsync();
        await InsertUserAsync(database);
        var posts = Posts();
        var key = new IdempotencyKey("k", "fp", TimeSpan.FromHours(24));

        var first = await posts.CreatePostAsync(1, "hello", Time.GetUtcNow(), key, Ct);
        Time.Advance(TimeSpan.FromHours(23.9));
        var inside = await posts.CreatePostAsync(1, "hello", Time.GetUtcNow(), key, Ct);
        Assert.Equal((PostCreateOutcome.Created, PostCreateOutcome.Replayed, first.Post!.Id), (first.Outcome, inside.Outcome, inside.Post!.Id));

        Time.Advance(TimeSpan.FromHours(0.2));
        var after = await posts.CreatePostAsync(1, "hello", Time.GetUtcNow(), key, Ct);
        Assert.Equal(PostCreateOutcome.Created, after.Outcome);
        Assert.NotEqual(first.Post.Id, after.Post!.Id);
        // The key now answers for the new post, with a fresh window.
        Time.Advance(TimeSpan.FromHours(23));
        var again = await posts.CreatePostAsync(1, "hello", Time.GetUtcNow(), key, Ct);
        Assert.Equal((PostCreateOutcome.Replayed, after.Post.Id), (again.Outcome, again.Post!.Id));

        // Expired, the key is free for a different request too.
        Time.Advance(TimeSpan.FromHours(2));
        var other = await posts.CreatePostAsync(1, "other text", Time.GetUtcNow(), key with { RequestFingerprint = "fp2" }, Ct);
        Assert.Equal((PostCreateOutcome.Created, "other text"), (other.Outcome, other.Post!.Text));
        Assert.Equal(3, (await posts.GetUserPostsAsync(1, null, 10, Ct)).Count);
    }

    [Fact]
    public async Task The_sweep_deletes_expired_idempotency_keys_in_batches_of_SweepBatch_and_keeps_recent_ones()
    {
        var (database, _) = await OpenStoreAsync();
        await InsertUserAsync(database);
        var posts = Posts();
        for (var i = 0; i < 7; i++)
        {
            await posts.CreatePostAsync(1, $"post {i}", Time.GetUtcNow(), new IdempotencyKey($"old-{i}", "fp"), Ct);
        }

        Time.Advance(TimeSpan.FromHours(20));
        var recent = await posts.CreatePostAsync(1, "recent", Time.GetUtcNow(), new IdempotencyKey("recent", "fp"), Ct);
        Time.Advance(TimeSpan.FromHours(5));

        Retention.SweepBatch = 3;
        var sweep = new CountingSweep(new IdempotencyKeySweep(new IdempotencyKeyStore(database)));
        Assert.Equal(7, await Sweeper(sweep).SweepAsync(sweep, Time.GetUtcNow(), Ct));
        Assert.Equal([3, 3, 1], sweep.Batches);
        Assert.Equal(["recent"], await database.ReadPrimaryAsync(async c => (await c.QueryAsync<string>("SELECT key FROM idempotency_keys")).AsList(), Ct));
        var replay = await posts.CreatePostAsync(1, "recent", Time.GetUtcNow(), new IdempotencyKey("recent", "fp"), Ct);
        Assert.Equal((PostCreateOutcome.Replayed, recent.Post!.Id), (replay.Outcome, replay.Post!.Id));
    }

    [Fact]
    public async Task The_scheduled_sweep_removes_old_completed_and_dead_jobs_and_keeps_recent_running_and_queued_ones()
    {
        Options.KeepCompleted = true;
        Options.Types["t"] = new JobTypeOptions { MaxAttempts = 1, Lease = TimeSpan.FromDays(30) };
        Retention.CompletedJobs = TimeSpan.FromDays(1);
        var (database, queue) = await OpenStoreAsync();
        var (oldCompleted, oldDead) = await FinishTwoAsync(database, queue);

        Time.Advance(TimeSpan.FromDays(15));
        var (recentCompleted, recentDead) = await FinishTwoAsync(database, queue);
        var running = await EnqueueAsync(database, queue);
        Assert.Equal(running, Assert.Single(await queue.ClaimAsync("t", "w", 1, Ct)).Id);
        var queued = await EnqueueAsync(database, queue);

        // Two nodes schedule the sweep: one job runs.
        var schedulers = new[] { Scheduler(database, queue), Scheduler(database, queue) };
        Assert.Equal(EnqueueOutcome.Enqueued, (await schedulers[0].ScheduleAsync(Ct)).Outcome);
        Assert.Equal(EnqueueOutcome.Duplicate, (await schedulers[1].ScheduleAsync(Ct)).Outcome);
        var sweepJob = Assert.Single(await queue.ClaimAsync(RetentionSweeper.JobType, "w", 10, Ct));
        await Sweeper(new FinishedJobSweep(queue, JobState.Completed), new FinishedJobSweep(queue, JobState.Dead)).HandleAsync(sweepJob, Ct);
        await queue.CompleteAsync([sweepJob], Ct);

        Assert.Null(await queue.GetAsync(oldCompleted, Ct));
        Assert.Null(await queue.GetAsync(oldDead, Ct));
        Assert.Equal(JobState.Completed, (await queue.GetAsync(recentCompleted, Ct))!.State);
        Assert.Equal(JobState.Dead, (await queue.GetAsync(recentDead, Ct))!.State);
        Assert.Equal(JobState.Running, (await queue.GetAsync(running, Ct))!.State);
        Assert.Equal(JobState.Available, (await queue.GetAsync(queued, Ct))!.State);
        // Finished, the sweep job no longer holds its key: the next interval queues another.
        Assert.Equal(EnqueueOutcome.Enqueued, (await schedulers[1].ScheduleAsync(Ct)).Outcome);
    }

    [Fact]
    public async Task Without_a_CompletedJobs_retention_a_completed_job_is_deleted_at_completion_and_that_sweep_does_nothing()
    {
        var (database, queue) = await OpenStoreAsync();
        var id = await EnqueueAsync(database, queue);
        await queue.CompleteAsync(await queue.ClaimAsync("t", "w", 1, Ct), Ct);
        Assert.Null(await queue.GetAsync(id, Ct));

        var sweep = new CountingSweep(new FinishedJobSweep(queue, JobState.Completed));
        Assert.Equal(0, await Sweeper(sweep).SweepAsync(sweep, Time.GetUtcNow(), Ct));
        Assert.Empty(sweep.Batches);
    }

    [Fact]
    public async Task The_sweep_removes_old_deliveries_in_batches_and_the_announcement_keeps_its_counts()
    {
        var (database, queue) = await OpenStoreAsync();
        var announcements = new AnnouncementStore(database, queue);
        await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("INSERT INTO users (id, username, email, password_hash, created_at) VALUES (@id, 'u' || @id, 'u' || @id || '@example.com', 'x', 0)",
                Enumerable.Range(1, 6).Select(id => new { id = (long)id }), transaction);
            return 0;
        }, Ct);
        var id = (await announcements.CreateAsync(1, "Subject", "Body", Time.GetUtcNow(), Ct)).Announcement!.Id;
        var (old, recent) = (Time.GetUtcNow().AddDays(-40).ToUnixTimeMilliseconds(), Time.GetUtcNow().AddDays(-1).ToUnixTimeMilliseconds());
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO email_deliveries (announcement_id, recipient_id, provider, sent_at) VALUES (@id, @recipient, @provider, @at)",
            new[]
            {
                new { id, recipient = 2L, provider = "filedrop", at = old },
                new { id, recipient = 3L, provider = "filedrop", at = old },
                new { id, recipient = 4L, provider = "filedrop", at = old },
                new { id, recipient = 5L, provider = AnnouncementStore.Undeliverable, at = old },
                new { id, recipient = 6L, provider = "filedrop", at = recent },
            }, transaction), Ct);
        var before = (await announcements.GetAsync(id, Ct))!;
        Assert.Equal((4, 1), (before.Delivered, before.Undeliverable));

        Retention.SweepBatch = 3;
        var sweep = new CountingSweep(new DeliverySweep(database));
        Assert.Equal(4, await Sweeper(sweep).SweepAsync(sweep, Time.GetUtcNow(), Ct));
        Assert.Equal([3, 1], sweep.Batches);

        var after = (await announcements.GetAsync(id, Ct))!;
        Assert.Equal((4, 1), (after.Delivered, after.Undeliverable));
        Assert.Equal([6L], await database.ReadPrimaryAsync(async c => (await c.QueryAsync<long>("SELECT recipient_id FROM email_deliveries")).AsList(), Ct));
    }

    [Fact]
    public async Task The_sweep_removes_finished_exports_with_their_files_and_keeps_recent_and_pending_ones()
    {
        var (database, _) = await OpenStoreAsync();
        var files = new ExportFiles(Path.Combine(Files, "exports"));
        var (old, recent) = (Time.GetUtcNow().AddDays(-8).ToUnixTimeMilliseconds(), Time.GetUtcNow().AddDays(-6).ToUnixTimeMilliseconds());
        await database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO exports (id, user_id, status, file_name, created_at, completed_at) VALUES (@id, 1, @status, @file, @created, @completed)",
            new[]
            {
                new { id = 1L, status = "completed", file = (string?)ExportFiles.NameFor(1), created = old, completed = (long?)old },
                new { id = 2L, status = "failed", file = (string?)null, created = old, completed = (long?)old },
                new { id = 3L, status = "completed", file = (string?)ExportFiles.NameFor(3), created = recent, completed = (long?)recent },
                new { id = 4L, status = "queued", file = (string?)null, created = old, completed = (long?)null },
                new { id = 5L, status = "running", file = (string?)null, created = old, completed = (long?)null },
            }, transaction), Ct);
        await File.WriteAllTextAsync(files.PathOf(ExportFiles.NameFor(1)), "%PDF old", Ct);
        await File.WriteAllTextAsync(files.PathOf(ExportFiles.NameFor(3)), "%PDF recent", Ct);

        var sweep = new CountingSweep(new ExportSweep(database, files));
        Assert.Equal(2, await Sweeper(sweep).SweepAsync(sweep, Time.GetUtcNow(), Ct));

        Assert.Equal([3L, 4L, 5L], await database.ReadPrimaryAsync(async c => (await c.QueryAsync<long>("SELECT id FROM exports ORDER BY id")).AsList(), Ct));
        Assert.False(File.Exists(files.PathOf(ExportFiles.NameFor(1))));
        Assert.True(File.Exists(files.PathOf(ExportFiles.NameFor(3))));
    }

    private RetentionSweeper Sweeper(params IRetentionSweep[] sweeps) =>
        new(sweeps, Microsoft.Extensions.Options.Options.Create(Retention), Time, NullLogger<RetentionSweeper>.Instance);

    private RetentionScheduler Scheduler(IDatabase database, IJobQueue queue) =>
        new(database, queue, Microsoft.Extensions.Options.Options.Create(Retention), Time, NullLogger<RetentionScheduler>.Instance);

    private static Task<long> EnqueueAsync(IDatabase database, IJobQueue queue) =>
        database.WriteAsync(async (connection, transaction) => (await queue.EnqueueAsync(connection, transaction, new JobRequest("t", "{}"), ct: Ct)).JobId!.Value, Ct);

    /// <summary>Two jobs of type "t" finished now: the first completed, the second dead.</summary>
    private async Task<(long Completed, long Dead)> FinishTwoAsync(IDatabase database, IJobQueue queue)
    {
        var (completed, dead) = (await EnqueueAsync(database, queue), await EnqueueAsync(database, queue));
        var claimed = await queue.ClaimAsync("t", "w", 2, Ct);
        await queue.CompleteAsync([claimed.Single(j => j.Id == completed)], Ct);
        Assert.Equal(FailOutcome.Dead, await queue.FailAsync(claimed.Single(j => j.Id == dead), "boom", Time.GetUtcNow(), Ct));
        return (completed, dead);
    }

    private static Task InsertUserAsync(IDatabase database) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "INSERT INTO users (id, username, email, password_hash, created_at) VALUES (1, 'u1', 'u1@example.com', 'x', 0)", transaction: transaction), Ct);

    /// <summary>The real sweep, recording how many rows each of its statements deleted.</summary>
    private sealed class CountingSweep(IRetentionSweep inner) : IRetentionSweep
    {
        public List<int> Batches { get; } = [];

        public string What => inner.What;

        public TimeSpan KeptFor(RetentionOptions retention) => inner.KeptFor(retention);

        public async Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct)
        {
            var deleted = await inner.DeleteBatchAsync(before, batch, ct);
            Batches.Add(deleted);
            return deleted;
        }
    }
}
