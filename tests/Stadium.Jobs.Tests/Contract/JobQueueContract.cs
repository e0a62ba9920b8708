using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Stadium.Jobs.Worker;

namespace Stadium.Jobs.Tests.Contract;

/// <summary>
/// What every queue backend must do. A backend's test class supplies a fresh migrated database; the same
/// assertions then run unchanged on SQLite and PostgreSQL.
/// </summary>
public abstract class JobQueueContract
{
    protected static readonly CancellationToken Ct = CancellationToken.None;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected JobsOptions Options { get; } = new();

    /// <summary>A queue on the test's database (the same options object, so tests can change bounds as they go).</summary>
    protected abstract IJobQueue CreateQueue(JobsOptions options, TimeProvider time);

    /// <summary>Runs <paramref name="work"/> in a write transaction on the test's database and commits unless it throws.</summary>
    protected abstract Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work);

    protected abstract Task<long> ScalarAsync(string sql);

    private IJobQueue? _queue;

    protected IJobQueue Queue => _queue ??= CreateQueue(Options, Time);

    protected Task<EnqueueResult> Enqueue(JobRequest request) => Enqueue(Queue, request);

    protected Task<EnqueueResult> Enqueue(IJobQueue queue, JobRequest request) =>
        InTransactionAsync((connection, transaction) => queue.EnqueueAsync(connection, transaction, request, Ct));

    [Fact]
    public async Task A_job_commits_with_the_write_that_causes_it_and_rolls_back_with_it()
    {
        var committed = await InTransactionAsync(async (connection, transaction) =>
        {
            await Insert(connection, transaction, "committed");
            return await Queue.EnqueueAsync(connection, transaction, new JobRequest("t", "{}"), Ct);
        });
        Assert.Equal(EnqueueOutcome.Enqueued, committed.Outcome);
        Assert.NotNull(await Queue.GetAsync(committed.JobId!.Value, Ct));

        long? rolledBack = null;
        await Assert.ThrowsAsync<InvalidOperationException>(() => InTransactionAsync<int>(async (connection, transaction) =>
        {
            await Insert(connection, transaction, "rolled-back");
            rolledBack = (await Queue.EnqueueAsync(connection, transaction, new JobRequest("t", "{}"), Ct)).JobId;
            throw new InvalidOperationException("the write failed after the enqueue");
        }));
        Assert.NotNull(rolledBack);
        Assert.Null(await Queue.GetAsync(rolledBack.Value, Ct));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM seed_info WHERE key = 'rolled-back'"));
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public async Task Many_jobs_enqueue_in_one_call_in_request_order_and_keep_the_checks()
    {
        Options.Types["bounded"] = new JobTypeOptions { MaxPending = 1 };
        var plain = await InTransactionAsync((connection, transaction) => Queue.EnqueueManyAsync(connection, transaction,
            Enumerable.Range(0, 50).Select(i => new JobRequest("many", $"{{\"n\":{i}}}", UserId: i % 2 == 0 ? i : null, Priority: i % 10)).ToList(), Ct));
        Assert.All(plain, r => Assert.Equal(EnqueueOutcome.Enqueued, r.Outcome));
        for (var i = 0; i < 50; i++)
        {
            var job = (await Queue.GetAsync(plain[i].JobId!.Value, Ct))!;
            Assert.Equal(($"{{\"n\":{i}}}", i % 2 == 0 ? i : (long?)null, i % 10), (job.Payload, job.UserId, job.Priority));
        }

        var checkedOnes = await InTransactionAsync((connection, transaction) => Queue.EnqueueManyAsync(connection, transaction,
            [new JobRequest("bounded", "{}"), new JobRequest("bounded", "{}"), new JobRequest("u", "{}", UniqueKey: "k"), new JobRequest("u", "{}", UniqueKey: "k")], Ct));
        Assert.Equal([EnqueueOutcome.Enqueued, EnqueueOutcome.TypeFull, EnqueueOutcome.Enqueued, EnqueueOutcome.Duplicate], checkedOnes.Select(r => r.Outcome).ToArray());
    }

    [Fact]
    public async Task A_claimed_job_is_leased_to_one_worker_and_completion_removes_it()
    {
        var id = (await Enqueue(new JobRequest("t", "{\"n\":1}", UserId: 7))).JobId!.Value;
        var claimed = Assert.Single(await Queue.ClaimAsync("t", "w1", 10, Ct));
        Assert.Equal((id, "{\"n\":1}", 7L, 1), (claimed.Id, claimed.Payload, claimed.UserId, claimed.Attempt));
        Assert.Empty(await Queue.ClaimAsync("t", "w2", 10, Ct));
        Assert.Empty(await Queue.ClaimAsync("other", "w2", 10, Ct));
        Assert.Equal(JobState.Running, (await Queue.GetAsync(id, Ct))!.State);

        await Queue.CompleteAsync([claimed], Ct);
        Assert.Null(await Queue.GetAsync(id, Ct));
    }

    [Fact]
    public async Task An_expired_lease_is_redelivered_and_the_old_holder_is_fenced_off()
    {
        Options.Types["t"] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(30), MaxAttempts = 5 };
        var id = (await Enqueue(new JobRequest("t", "{}"))).JobId!.Value;
        var first = Assert.Single(await Queue.ClaimAsync("t", "dead-worker", 1, Ct));

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await Queue.RescueExpiredAsync(Ct));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(await Queue.RescueExpiredAsync(Ct));
        Assert.Contains("lease expired", (await Queue.GetAsync(id, Ct))!.LastError);

        var second = Assert.Single(await Queue.ClaimAsync("t", "live-worker", 1, Ct));
        Assert.Equal((id, 2), (second.Id, second.Attempt));

        // The first holder wakes up late: nothing it reports counts any more.
        await Queue.CompleteAsync([first], Ct);
        Assert.Equal(FailOutcome.LeaseLost, await Queue.FailAsync(first, "late", Time.GetUtcNow(), Ct));
        Assert.Empty(await Queue.ExtendLeasesAsync([first], TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(JobState.Running, (await Queue.GetAsync(id, Ct))!.State);

        await Queue.CompleteAsync([second], Ct);
        Assert.Null(await Queue.GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_job_completed_inside_a_transaction_ends_with_it_and_only_for_its_holder()
    {
        Options.Types["t"] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(30) };
        var id = (await Enqueue(new JobRequest("t", "{}", UniqueKey: "k"))).JobId!.Value;
        var first = Assert.Single(await Queue.ClaimAsync("t", "w1", 1, Ct));

        // Rolled back with the caller's write: the job is still running, its key still held.
        await Assert.ThrowsAsync<InvalidOperationException>(() => InTransactionAsync<bool>(async (connection, transaction) =>
        {
            Assert.True(await Queue.CompleteAsync(connection, transaction, first, Ct));
            throw new InvalidOperationException("the result's write failed");
        }));
        Assert.Equal(JobState.Running, (await Queue.GetAsync(id, Ct))!.State);
        Assert.Equal(EnqueueOutcome.Duplicate, (await Enqueue(new JobRequest("t", "{}", UniqueKey: "k"))).Outcome);

        // A holder whose lease went to another worker completes nothing.
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Single(await Queue.RescueExpiredAsync(Ct));
        var second = Assert.Single(await Queue.ClaimAsync("t", "w2", 1, Ct));
        Assert.False(await InTransactionAsync((connection, transaction) => Queue.CompleteAsync(connection, transaction, first, Ct)));
        Assert.Equal(JobState.Running, (await Queue.GetAsync(id, Ct))!.State);

        // Committed: the job is gone and its key free at once; the worker's later acknowledgement changes nothing.
        Assert.True(await InTransactionAsync((connection, transaction) => Queue.CompleteAsync(connection, transaction, second, Ct)));
        Assert.Null(await Queue.GetAsync(id, Ct));
        await Queue.CompleteAsync([second], Ct);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("t", "{}", UniqueKey: "k"))).Outcome);
    }

    [Fact]
    public async Task A_heartbeat_keeps_the_lease()
    {
        Options.Types["t"] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(30) };
        await Enqueue(new JobRequest("t", "{}"));
        var job = Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        for (var i = 0; i < 4; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(20));
            Assert.Contains(job.Id, await Queue.ExtendLeasesAsync([job], TimeSpan.FromSeconds(30), Ct));
            Assert.Empty(await Queue.RescueExpiredAsync(Ct));
        }
    }

    [Fact]
    public async Task A_lease_that_expires_on_the_last_attempt_dead_letters_the_job()
    {
        Options.Types["t"] = new JobTypeOptions { Lease = TimeSpan.FromSeconds(5), MaxAttempts = 1 };
        var id = (await Enqueue(new JobRequest("t", "{}"))).JobId!.Value;
        Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        Time.Advance(TimeSpan.FromSeconds(6));
        var rescued = Assert.Single(await Queue.RescueExpiredAsync(Ct));
        Assert.Equal((id, JobState.Dead, "{}"), (rescued.Id, rescued.State, rescued.Payload));
        Assert.Equal(JobState.Dead, (await Queue.GetAsync(id, Ct))!.State);
        Assert.Empty(await Queue.ClaimAsync("t", "w", 1, Ct));
    }

    [Fact]
    public async Task Failures_retry_after_backoff_then_dead_letter_keeping_the_error_and_can_be_retried()
    {
        Options.Types["t"] = new JobTypeOptions { MaxAttempts = 2 };
        var id = (await Enqueue(new JobRequest("t", "{}"))).JobId!.Value;

        var first = Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        Assert.Equal(FailOutcome.WillRetry, await Queue.FailAsync(first, "boom 1", Time.GetUtcNow().AddSeconds(10), Ct));
        Assert.Empty(await Queue.ClaimAsync("t", "w", 1, Ct));
        Time.Advance(TimeSpan.FromSeconds(10));
        var second = Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        Assert.Equal(2, second.Attempt);
        Assert.Equal(FailOutcome.Dead, await Queue.FailAsync(second, "boom 2", Time.GetUtcNow().AddSeconds(20), Ct));

        var dead = (await Queue.GetAsync(id, Ct))!;
        Assert.Equal((JobState.Dead, 2, "boom 2"), (dead.State, dead.Attempt, dead.LastError));
        Assert.Equal(id, Assert.Single(await Queue.ListDeadAsync("t", 10, Ct)).Id);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await Queue.ClaimAsync("t", "w", 1, Ct));

        var retried = await InTransactionAsync((connection, transaction) => Queue.RetryDeadAsync(connection, transaction, id, Ct));
        Assert.Equal((id, JobState.Available, 0), (retried!.Id, retried.State, retried.Attempt));
        Assert.Null(await InTransactionAsync((connection, transaction) => Queue.RetryDeadAsync(connection, transaction, id, Ct)));
        var revived = Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        Assert.Equal((id, 1), (revived.Id, revived.Attempt));
    }

    [Fact]
    public async Task A_dead_job_whose_unique_key_is_pending_again_stays_dead_and_the_transaction_goes_on()
    {
        Options.Types["export"] = new JobTypeOptions { MaxAttempts = 1 };
        var dead = (await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"))).JobId!.Value;
        Assert.Equal(FailOutcome.Dead, await Queue.FailAsync(Assert.Single(await Queue.ClaimAsync("export", "w", 1, Ct)), "boom", Time.GetUtcNow(), Ct));
        var newer = (await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"))).JobId!.Value;

        var (retried, later) = await InTransactionAsync(async (connection, transaction) =>
        {
            var retried = await Queue.RetryDeadAsync(connection, transaction, dead, Ct);
            // The refusal must leave the caller's transaction usable (PostgreSQL aborts one on any error).
            var later = await Queue.EnqueueAsync(connection, transaction, new JobRequest("other", "{}"), Ct);
            return (retried, later);
        });
        Assert.Null(retried);
        Assert.Equal(EnqueueOutcome.Enqueued, later.Outcome);
        Assert.Equal(JobState.Dead, (await Queue.GetAsync(dead, Ct))!.State);
        Assert.Equal(JobState.Available, (await Queue.GetAsync(newer, Ct))!.State);
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var options = new JobTypeOptions { Backoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(60) };
        var random = new Random(42);
        var delays = Enumerable.Range(1, 10).Select(a => RetryPolicy.Delay(a, options, random).TotalSeconds).ToList();
        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var expected = Math.Min(60, Math.Pow(2, attempt - 1));
            Assert.InRange(delays[attempt - 1], expected * 0.75, expected * 1.25);
        }

        var spread = Enumerable.Range(0, 50).Select(_ => RetryPolicy.Delay(3, options, random)).Distinct().Count();
        Assert.True(spread > 40, "jitter spreads retries");
    }

    [Fact]
    public async Task A_unique_key_allows_one_pending_job_and_frees_up_when_it_finishes()
    {
        var first = await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"));
        var again = await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"));
        Assert.Equal(EnqueueOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.JobId, again.JobId);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:8"))).Outcome);

        var running = (await Queue.ClaimAsync("export", "w", 10, Ct)).Single(j => j.Id == first.JobId);
        Assert.Equal(EnqueueOutcome.Duplicate, (await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"))).Outcome);
        await Queue.CompleteAsync([running], Ct);

        var next = await Enqueue(new JobRequest("export", "{}", UniqueKey: "export:7"));
        Assert.Equal(EnqueueOutcome.Enqueued, next.Outcome);
        Assert.NotEqual(first.JobId, next.JobId);
    }

    [Fact]
    public async Task Concurrent_enqueues_of_one_unique_key_make_one_job()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enqueue(new JobRequest("export", "{}", UniqueKey: "export:1")))));
        Assert.Single(results, r => r.Outcome == EnqueueOutcome.Enqueued);
        Assert.Single(results.Select(r => r.JobId).Distinct());
        Assert.Equal(1, await ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public async Task Scheduled_jobs_wait_for_their_time_and_priorities_go_first()
    {
        var later = (await Enqueue(new JobRequest("t", "later", RunAt: Time.GetUtcNow().AddMinutes(1)))).JobId;
        // Enqueued in an order no sort by id or by run-at would turn into the priority order.
        var low = (await Enqueue(new JobRequest("t", "low", Priority: 5))).JobId;
        var lowest = (await Enqueue(new JobRequest("t", "lowest", Priority: 9))).JobId;
        Time.Advance(TimeSpan.FromMilliseconds(10));
        var normalScheduled = (await Enqueue(new JobRequest("t", "normal, due a little later", RunAt: Time.GetUtcNow().AddMilliseconds(5)))).JobId;
        var normal = (await Enqueue(new JobRequest("t", "normal"))).JobId;
        var high = (await Enqueue(new JobRequest("t", "high", Priority: 0))).JobId;
        Time.Advance(TimeSpan.FromMilliseconds(10));

        // One claim at a time gives the pickup order itself; ties in priority go to the earliest run-at.
        var order = new List<long?>();
        while (await Queue.ClaimAsync("t", "w", 1, Ct) is [var next])
        {
            order.Add(next.Id);
        }

        Assert.Equal([high, normal, normalScheduled, low, lowest], order);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(later, Assert.Single(await Queue.ClaimAsync("t", "w", 10, Ct)).Id);
    }

    [Fact]
    public async Task Backpressure_bounds_pending_jobs_per_type_and_per_user()
    {
        Options.Types["blast"] = new JobTypeOptions { MaxPending = 3, PerUserMaxPending = 2 };
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("blast", "{}", UserId: 1))).Outcome);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("blast", "{}", UserId: 1))).Outcome);
        Assert.Equal(EnqueueOutcome.UserFull, (await Enqueue(new JobRequest("blast", "{}", UserId: 1))).Outcome);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("blast", "{}", UserId: 2))).Outcome);
        Assert.Equal(EnqueueOutcome.TypeFull, (await Enqueue(new JobRequest("blast", "{}", UserId: 3))).Outcome);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("other", "{}", UserId: 3))).Outcome);
        Assert.Equal(4, await ScalarAsync("SELECT COUNT(*) FROM jobs"));

        // Running jobs still count; finished ones make room.
        var claimed = await Queue.ClaimAsync("blast", "w", 1, Ct);
        Assert.Equal(EnqueueOutcome.TypeFull, (await Enqueue(new JobRequest("blast", "{}", UserId: 3))).Outcome);
        await Queue.CompleteAsync(claimed, Ct);
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("blast", "{}", UserId: 3))).Outcome);
    }

    [Fact]
    public async Task An_age_bound_refuses_work_while_the_oldest_due_job_has_waited_too_long()
    {
        Options.Types["slow"] = new JobTypeOptions { MaxOldestAge = TimeSpan.FromMinutes(1) };
        await Enqueue(new JobRequest("slow", "{}"));
        Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("slow", "{}"))).Outcome);
        Time.Advance(TimeSpan.FromSeconds(2));
        var refused = await Enqueue(new JobRequest("slow", "{}"));
        Assert.Equal((EnqueueOutcome.TypeFull, EnqueueResult.AgeBound), (refused.Outcome, refused.Bound));
        var admitted = await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "slow", null, Ct));
        Assert.Equal((EnqueueOutcome.TypeFull, EnqueueResult.AgeBound), (admitted!.Outcome, admitted.Bound));

        // Already-admitted work is not refused; once the old job is running, there is room again.
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("slow", "{}", Bounded: false))).Outcome);
        Assert.Single(await Queue.ClaimAsync("slow", "w", 1, Ct));
        Assert.Null(await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "slow", null, Ct)));
        Assert.Equal(EnqueueOutcome.Enqueued, (await Enqueue(new JobRequest("slow", "{}"))).Outcome);
    }

    [Fact]
    public async Task Admission_checks_a_types_depth_bounds_without_enqueuing_and_unbounded_requests_pass_them()
    {
        Options.Types["batch"] = new JobTypeOptions { MaxPending = 2, PerUserMaxPending = 1 };
        Assert.Null(await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "batch", 1, Ct)));
        Assert.Equal(0, await ScalarAsync("SELECT COUNT(*) FROM jobs"));
        await Enqueue(new JobRequest("batch", "{}", UserId: 1));
        Assert.Equal(EnqueueOutcome.UserFull, (await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "batch", 1, Ct)))?.Outcome);
        Assert.Null(await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "batch", 2, Ct)));
        var many = await InTransactionAsync((c, t) => Queue.EnqueueManyAsync(c, t, [.. Enumerable.Range(0, 3).Select(_ => new JobRequest("batch", "{}", UserId: 1, Bounded: false))], Ct));
        Assert.All(many, r => Assert.Equal(EnqueueOutcome.Enqueued, r.Outcome));
        Assert.Equal(EnqueueOutcome.TypeFull, (await InTransactionAsync((c, t) => Queue.AdmitAsync(c, t, "batch", 2, Ct)))?.Outcome);
        Assert.Equal(4, await ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public async Task Stats_report_depth_and_the_age_of_the_oldest_due_job_per_type()
    {
        await Enqueue(new JobRequest("a", "{}"));
        Time.Advance(TimeSpan.FromSeconds(5));
        await Enqueue(new JobRequest("a", "{}"));
        await Enqueue(new JobRequest("b", "{}", RunAt: Time.GetUtcNow().AddHours(1)));
        Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(await Queue.ClaimAsync("a", "w", 1, Ct));

        var stats = (await Queue.StatsAsync(null, Ct)).ToDictionary(s => s.Type);
        Assert.Equal((2L, 1L), (stats["a"].Pending, stats["a"].Running));
        Assert.Equal(TimeSpan.FromSeconds(2), stats["a"].OldestDueAge);
        Assert.Equal((1L, TimeSpan.Zero), (stats["b"].Pending, stats["b"].OldestDueAge));
    }

    [Fact]
    public async Task Readings_list_every_known_type_and_measure_how_fast_each_type_drains()
    {
        var readings = new QueueReadings();
        string[] known = ["busy", "idle"];
        for (var i = 0; i < 10; i++)
        {
            await Enqueue(new JobRequest("busy", "{}"));
        }

        readings.Record(await Queue.StatsAsync(readings.At, Ct), known, Time.GetUtcNow());
        // A type with no jobs is a row of zeros, not a missing row (a gauge series that vanishes reads as "no data").
        Assert.Equal(QueueStats.Empty("idle"), Assert.Single(readings.Latest, s => s.Type == "idle"));
        Assert.Equal((10L, 10L), (readings.For("busy").Pending, readings.For("busy").Due));
        Assert.Null(readings.DrainPerSecond("busy"));

        // In 2 s: 4 finish, 1 is running (still due), 3 arrive. Arrivals are not drain.
        Time.Advance(TimeSpan.FromSeconds(2));
        await Queue.CompleteAsync(await Queue.ClaimAsync("busy", "w", 4, Ct), Ct);
        var held = Assert.Single(await Queue.ClaimAsync("busy", "w", 1, Ct));
        for (var i = 0; i < 3; i++)
        {
            await Enqueue(new JobRequest("busy", "{}"));
        }

        readings.Record(await Queue.StatsAsync(readings.At, Ct), known, Time.GetUtcNow());
        Assert.Equal(2.0, readings.DrainPerSecond("busy"));
        Assert.Equal(9L, readings.For("busy").Due);

        // In 1 s the workers clear all 9 and run dry: 9/s is a lower bound on what they can do, and it raises the estimate.
        Time.Advance(TimeSpan.FromSeconds(1));
        var rest = await Queue.ClaimAsync("busy", "w2", 100, Ct);
        Assert.Equal(8, rest.Count);
        await Queue.CompleteAsync([.. rest, held], Ct);
        readings.Record(await Queue.StatsAsync(readings.At, Ct), known, Time.GetUtcNow());
        Assert.Equal(9.0, readings.DrainPerSecond("busy"));

        // An idle queue measures nothing: the estimate stays, and a type that never had work has none.
        Time.Advance(TimeSpan.FromSeconds(5));
        readings.Record(await Queue.StatsAsync(readings.At, Ct), known, Time.GetUtcNow());
        Assert.Equal(9.0, readings.DrainPerSecond("busy"));
        Assert.Equal(QueueStats.Empty("busy"), readings.For("busy"));
        Assert.Null(readings.DrainPerSecond("idle"));
    }

    [Fact]
    public async Task Release_gives_a_job_back_without_using_an_attempt()
    {
        var id = (await Enqueue(new JobRequest("t", "{}"))).JobId;
        var job = Assert.Single(await Queue.ClaimAsync("t", "w", 1, Ct));
        await Queue.ReleaseAsync(job, Ct);
        var again = Assert.Single(await Queue.ClaimAsync("t", "w2", 1, Ct));
        Assert.Equal((id, 1), (again.Id, again.Attempt));
    }

    [Fact]
    public async Task Concurrent_claimers_never_get_the_same_job()
    {
        for (var i = 0; i < 10; i++)
        {
            await InTransactionAsync(async (connection, transaction) =>
            {
                for (var j = 0; j < 20; j++)
                {
                    await Queue.EnqueueAsync(connection, transaction, new JobRequest("t", "{}"), Ct);
                }

                return 0;
            });
        }

        var seen = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (await Queue.ClaimAsync("t", $"w{w}", 7, Ct) is { Count: > 0 } jobs)
            {
                foreach (var job in jobs)
                {
                    seen.Add(job.Id);
                }
            }
        })));
        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Distinct().Count());
    }

    [Fact]
    public async Task An_enqueue_wakes_a_waiting_worker()
    {
        var queue = CreateQueue(Options, TimeProvider.System);
        var waiting = queue.WaitForJobsAsync("wake", TimeSpan.FromSeconds(30), Ct);
        // Let a backend that listens for notifications get its listener up first.
        await Task.Delay(200);
        var watch = Stopwatch.StartNew();
        await Enqueue(queue, new JobRequest("wake", "{}"));
        // Woken by the enqueue, not by the end of its 30 s wait: the bound leaves a loaded machine room, no more.
        await waiting.WaitAsync(TimeSpan.FromSeconds(25));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"woke after {watch.Elapsed}");
        await DisposeQueue(queue);
    }

    // ---- the worker on this backend ----

    [Fact]
    public async Task A_job_whose_holder_died_on_its_last_attempt_is_reported_dead_by_the_worker_that_rescues_it()
    {
        var options = new JobsOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        options.Types["t"] = new JobTypeOptions { Lease = TimeSpan.FromMilliseconds(300), MaxAttempts = 1 };
        var queue = CreateQueue(options, TimeProvider.System);
        var id = (await Enqueue(queue, new JobRequest("t", "{}"))).JobId!.Value;
        // A worker that claims the job and then dies: nobody extends the lease or reports the failure.
        Assert.Single(await queue.ClaimAsync("t", "crashed-worker", 1, Ct));

        var handler = new RecordingHandler("t");
        using var worker = new JobWorker(queue, [handler], options, TimeProvider.System, NullLogger<JobWorker>.Instance);
        await worker.StartAsync(Ct);
        try
        {
            await Eventually(() => Task.FromResult(handler.DeadReported.Contains(id)));
            Assert.Equal(JobState.Dead, (await queue.GetAsync(id, Ct))!.State);
            Assert.Empty(handler.Done);
        }
        finally
        {
            await worker.StopAsync(Ct);
            await DisposeQueue(queue);
        }
    }

    [Fact]
    public async Task The_worker_runs_jobs_retries_failures_and_reports_dead_letters()
    {
        var options = new JobsOptions { PollInterval = TimeSpan.FromMilliseconds(200) };
        options.Types["ok"] = new JobTypeOptions { Concurrency = 4 };
        options.Types["flaky"] = new JobTypeOptions { MaxAttempts = 3, Backoff = TimeSpan.FromMilliseconds(20) };
        options.Types["broken"] = new JobTypeOptions { MaxAttempts = 2, Backoff = TimeSpan.FromMilliseconds(20) };
        var queue = CreateQueue(options, TimeProvider.System);
        var ok = new RecordingHandler("ok");
        var flaky = new RecordingHandler("flaky", failUntilAttempt: 3);
        var broken = new RecordingHandler("broken", failUntilAttempt: int.MaxValue);
        using var worker = new JobWorker(queue, [ok, flaky, broken], options, TimeProvider.System, NullLogger<JobWorker>.Instance);
        await worker.StartAsync(Ct);
        try
        {
            for (var i = 0; i < 50; i++)
            {
                await Enqueue(queue, new JobRequest("ok", $"{{\"n\":{i}}}"));
            }

            var flakyId = (await Enqueue(queue, new JobRequest("flaky", "{}"))).JobId!.Value;
            var brokenId = (await Enqueue(queue, new JobRequest("broken", "{}"))).JobId!.Value;

            await Eventually(async () => ok.Done.Count == 50 && flaky.Done.Count == 1 && broken.DeadReported.Count == 1
                && await ScalarAsync("SELECT COUNT(*) FROM jobs WHERE state <> 'dead'") == 0);
            Assert.Equal(50, ok.Done.Distinct().Count());
            Assert.Equal(3, flaky.Attempts[flakyId]);
            var dead = (await queue.GetAsync(brokenId, Ct))!;
            Assert.Equal((JobState.Dead, 2), (dead.State, dead.Attempt));
            Assert.Contains("attempt 2 failed", dead.LastError);
            Assert.Null(await queue.GetAsync(flakyId, Ct));
        }
        finally
        {
            await worker.StopAsync(Ct);
            await DisposeQueue(queue);
        }

        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully, worker.ExecuteTask.Exception?.ToString());
    }

    [Fact]
    public async Task Low_priority_types_run_below_normal_OS_priority_across_awaits_and_others_do_not()
    {
        var options = new JobsOptions { PollInterval = TimeSpan.FromMilliseconds(100) };
        options.Types["heavy"] = new JobTypeOptions { LowPriority = true, Concurrency = 2 };
        options.Types["light"] = new JobTypeOptions { Concurrency = 2 };
        var queue = CreateQueue(options, TimeProvider.System);
        var heavy = new PriorityProbe("heavy");
        var light = new PriorityProbe("light");
        using var worker = new JobWorker(queue, [heavy, light], options, TimeProvider.System, NullLogger<JobWorker>.Instance);
        await worker.StartAsync(Ct);
        try
        {
            for (var i = 0; i < 4; i++)
            {
                await Enqueue(queue, new JobRequest("heavy", "{}"));
                await Enqueue(queue, new JobRequest("light", "{}"));
            }

            await Eventually(() => Task.FromResult(heavy.Seen.Count == 4 && light.Seen.Count == 4));
        }
        finally
        {
            await worker.StopAsync(Ct);
            await DisposeQueue(queue);
        }

        // Linux keeps a nice value per thread; elsewhere the probe reads 0 and only the "light" half means anything.
        var normal = OsThreadPriority.CurrentNiceness();
        var lowered = OperatingSystem.IsLinux() ? Math.Max(normal, BackgroundCpu.Niceness) : normal;
        Assert.All(heavy.Seen, s => Assert.Equal((lowered, lowered, lowered), s));
        Assert.All(light.Seen, s => Assert.Equal((normal, normal, normal), s));
    }

    [Fact]
    public async Task Graceful_shutdown_stops_claiming_and_releases_what_it_cannot_finish()
    {
        var options = new JobsOptions { PollInterval = TimeSpan.FromMilliseconds(100), DrainTimeout = TimeSpan.FromMilliseconds(300) };
        options.Types["slow"] = new JobTypeOptions { Concurrency = 2 };
        var queue = CreateQueue(options, TimeProvider.System);
        var slow = new BlockingHandler("slow");
        var worker = new JobWorker(queue, [slow], options, TimeProvider.System, NullLogger<JobWorker>.Instance);
        await worker.StartAsync(Ct);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Enqueue(queue, new JobRequest("slow", "{}"))).JobId!.Value);
        }

        await Eventually(() => Task.FromResult(slow.Started.Count == 2));
        await worker.StopAsync(Ct);
        // The worker wound down cleanly: drained, released, acknowledged, no fault.
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully, worker.ExecuteTask.Exception?.ToString());
        worker.Dispose();

        Assert.Equal(2, slow.Cancelled.Count);
        foreach (var id in ids)
        {
            var job = (await queue.GetAsync(id, Ct))!;
            Assert.Equal((JobState.Available, 0), (job.State, job.Attempt));
        }

        await DisposeQueue(queue);
    }

    protected static async Task Eventually(Func<Task<bool>> condition, int timeoutSeconds = 20)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(timeoutSeconds), "condition not reached in time");
            await Task.Delay(20);
        }
    }

    private static async Task DisposeQueue(IJobQueue queue)
    {
        if (queue is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    private static async Task Insert(DbConnection connection, DbTransaction transaction, string key)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO seed_info (key, value) VALUES ('{key}', 'x')";
        await command.ExecuteNonQueryAsync();
    }

    private sealed class RecordingHandler(string type, int failUntilAttempt = 0) : IJobHandler
    {
        public string Type => type;

        public ConcurrentBag<string> Done { get; } = [];

        public ConcurrentDictionary<long, int> Attempts { get; } = new();

        public ConcurrentBag<long> DeadReported { get; } = [];

        public Task HandleAsync(ClaimedJob job, CancellationToken ct)
        {
            Attempts[job.Id] = job.Attempt;
            if (job.Attempt < failUntilAttempt)
            {
                throw new InvalidOperationException($"attempt {job.Attempt} failed");
            }

            Done.Add(job.Payload);
            return Task.CompletedTask;
        }

        public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct)
        {
            DeadReported.Add(job.Id);
            return Task.CompletedTask;
        }
    }

    /// <summary>Records the thread's nice value at the start, after a yield and after a real wait.</summary>
    private sealed class PriorityProbe(string type) : IJobHandler
    {
        public string Type => type;

        public ConcurrentBag<(int Start, int AfterYield, int AfterDelay)> Seen { get; } = [];

        public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
        {
            var start = OsThreadPriority.CurrentNiceness();
            await Task.Yield();
            var afterYield = OsThreadPriority.CurrentNiceness();
            await Task.Delay(10, ct);
            Seen.Add((start, afterYield, OsThreadPriority.CurrentNiceness()));
        }

        public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class BlockingHandler(string type) : IJobHandler
    {
        public string Type => type;

        public ConcurrentBag<long> Started { get; } = [];

        public ConcurrentBag<long> Cancelled { get; } = [];

        public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
        {
            Started.Add(job.Id);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Cancelled.Add(job.Id);
                throw;
            }
        }
    }
}
