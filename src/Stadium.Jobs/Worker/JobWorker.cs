using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stadium.Jobs.Worker;

/// <summary>
/// Runs the registered handlers: per job type a claim loop that keeps up to the type's concurrency jobs in
/// flight, a heartbeat that extends held leases and rescues expired ones, and batched acknowledgements.
/// Shutdown stops claiming, lets running jobs finish for the drain timeout, then cancels and releases the rest.
/// </summary>
public sealed partial class JobWorker(
    IJobQueue queue,
    IEnumerable<IJobHandler> handlers,
    JobsOptions options,
    TimeProvider time,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, RunningJob> _running = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly CompletionBatcher _acks = new(queue, logger);
    private readonly Lazy<BackgroundCpu> _background = new(() => new BackgroundCpu(Environment.ProcessorCount));

    /// <summary>This process's identity in the jobs table (locked_by).</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("n")[..8]}";

    /// <summary>Jobs this process holds right now.</summary>
    public int Running => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var byType = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);
        LogStarting(logger, WorkerId, string.Join(", ", byType.Keys.Select(t => $"{t} x{options.For(t).Concurrency}")));
        var acks = Task.Run(_acks.RunAsync, CancellationToken.None);
        var loops = byType.Values.Select(h => Task.Run(() => ClaimLoopAsync(h, stoppingToken), CancellationToken.None)).ToList();
        var heartbeat = Task.Run(() => HeartbeatLoopAsync(stoppingToken), CancellationToken.None);
        await Task.WhenAll(loops);
        await DrainAsync();
        await heartbeat;
        _acks.Complete();
        await acks;
        LogStopped(logger, WorkerId);
    }

    private async Task ClaimLoopAsync(IJobHandler handler, CancellationToken stopping)
    {
        var type = options.For(handler.Type);
        var concurrency = Math.Max(1, type.Concurrency);
        // Not disposed with the loop: jobs still draining after the loop ends release it. It holds no
        // unmanaged resources unless its wait handle is asked for, which this code never does.
        var slotFreed = new SemaphoreSlim(0);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var free = concurrency - _running.Values.Count(r => r.Job.Type == handler.Type);
                if (free <= 0)
                {
                    await slotFreed.WaitAsync(stopping);
                    continue;
                }

                var jobs = await queue.ClaimAsync(handler.Type, WorkerId, free, stopping);
                if (jobs.Count == 0)
                {
                    await queue.WaitForJobsAsync(handler.Type, options.PollInterval, stopping);
                    continue;
                }

                foreach (var job in jobs)
                {
                    var running = new RunningJob(job, CancellationTokenSource.CreateLinkedTokenSource(_abandon.Token));
                    _running[job.Id] = running;
                    running.Task = Task.Run(() => RunAsync(handler, type, running, slotFreed), CancellationToken.None);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogClaimFailed(logger, e, handler.Type);
                await Pause(stopping);
            }
        }
    }

    private async Task RunAsync(IJobHandler handler, JobTypeOptions type, RunningJob running, SemaphoreSlim slotFreed)
    {
        var job = running.Job;
        JobMetrics.RecordPickup(job.Type, time.GetUtcNow() - job.RunAt);
        using var activity = JobActivities.StartRun(job);
        try
        {
            var ct = running.Cancellation.Token;
            await (type.LowPriority ? _background.Value.RunAsync(() => handler.HandleAsync(job, ct), ct) : handler.HandleAsync(job, ct));
            _acks.Add(job);
        }
        catch (OperationCanceledException) when (running.Cancellation.IsCancellationRequested)
        {
            if (!running.LeaseLost)
            {
                await Safely(() => queue.ReleaseAsync(job, CancellationToken.None), job);
            }
        }
        catch (JobLeaseLostException)
        {
            // The handler's fenced record found the job held by someone else: nothing this run reports would count.
            running.LeaseLost = true;
            LogLeaseLost(logger, job.Type, job.Id, job.Attempt);
        }
        catch (Exception e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.GetType().Name);
            await FailAsync(handler, type, job, e);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            running.Cancellation.Dispose();
            slotFreed.Release();
        }
    }

    private async Task FailAsync(IJobHandler handler, JobTypeOptions type, ClaimedJob job, Exception error)
    {
        var message = $"{error.GetType().Name}: {error.Message}";
        var retryAt = time.GetUtcNow() + RetryPolicy.Delay(job.Attempt, type, Random.Shared);
        try
        {
            var outcome = await queue.FailAsync(job, message, retryAt, CancellationToken.None);
            LogAttemptFailed(logger, error, job.Type, job.Id, job.Attempt, job.MaxAttempts, outcome);
            if (outcome == FailOutcome.Dead)
            {
                await handler.OnDeadAsync(job, message, CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            LogBookkeepingFailed(logger, e, job.Type, job.Id);
        }
    }

    /// <summary>Extends the leases of held jobs, cancels jobs whose lease was lost, and rescues jobs other workers let expire.</summary>
    private async Task HeartbeatLoopAsync(CancellationToken stopping)
    {
        var leases = handlers.Select(h => options.For(h.Type).Lease).DefaultIfEmpty(TimeSpan.FromSeconds(30)).Min();
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(50).Ticks, leases.Ticks / 3));
        while (!stopping.IsCancellationRequested || !_running.IsEmpty)
        {
            try
            {
                await Task.Delay(interval, time, _abandon.Token);
                foreach (var group in _running.Values.GroupBy(r => r.Job.Type))
                {
                    var held = await queue.ExtendLeasesAsync(group.Select(r => r.Job).ToList(), options.For(group.Key).Lease, CancellationToken.None);
                    foreach (var lost in group.Where(r => !held.Contains(r.Job.Id)))
                    {
                        // Someone rescued it: whatever this run does from now on would not count.
                        lost.LeaseLost = true;
                        await lost.Cancellation.CancelAsync();
                    }
                }

                if (!stopping.IsCancellationRequested)
                {
                    foreach (var dead in (await queue.RescueExpiredAsync(CancellationToken.None)).Where(j => j.State == JobState.Dead))
                    {
                        // Its last holder died or stalled on the final attempt: nobody else will report it.
                        if (handlers.FirstOrDefault(h => h.Type == dead.Type) is { } handler)
                        {
                            var job = new ClaimedJob(dead.Id, dead.Type, dead.Payload, dead.UserId, dead.Attempt, dead.MaxAttempts, dead.RunAt, WorkerId);
                            await handler.OnDeadAsync(job, dead.LastError ?? "lease expired", CancellationToken.None);
                        }
                    }
                }
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                // A job finished while its lease was being extended.
            }
            catch (Exception e)
            {
                LogHeartbeatFailed(logger, e);
            }
        }
    }

    private async Task DrainAsync()
    {
        var tasks = _running.Values.Select(r => r.Task).OfType<Task>().ToList();
        if (tasks.Count == 0)
        {
            await _abandon.CancelAsync();
            return;
        }

        LogDraining(logger, tasks.Count, options.DrainTimeout);
        try
        {
            await Task.WhenAll(tasks).WaitAsync(options.DrainTimeout, time);
        }
        catch (TimeoutException)
        {
            // Still running: cancel them; each gives its job back to the queue for another worker.
        }

        await _abandon.CancelAsync();
        await Task.WhenAll(tasks);
    }

    private async Task Safely(Func<Task> bookkeeping, ClaimedJob job)
    {
        try
        {
            await bookkeeping();
        }
        catch (Exception e)
        {
            LogBookkeepingFailed(logger, e, job.Type, job.Id);
        }
    }

    private async Task Pause(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(options.PollInterval, time, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _abandon.Dispose();
        if (_background.IsValueCreated)
        {
            _background.Value.Dispose();
        }

        base.Dispose();
    }

    private sealed class RunningJob(ClaimedJob job, CancellationTokenSource cancellation)
    {
        public ClaimedJob Job => job;

        public CancellationTokenSource Cancellation => cancellation;

        public Task? Task { get; set; }

        public volatile bool LeaseLost;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} running: {Types}")]
    private static partial void LogStarting(ILogger logger, string workerId, string types);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {WorkerId} stopped")]
    private static partial void LogStopped(ILogger logger, string workerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Draining {Count} running jobs (up to {Timeout})")]
    private static partial void LogDraining(ILogger logger, int count, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming {Type} jobs failed; retrying")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Type} #{Id} attempt {Attempt}/{MaxAttempts} failed: {Outcome}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string type, long id, int attempt, int maxAttempts, FailOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording the outcome of job {Type} #{Id} failed; its lease will expire and it will run again")]
    private static partial void LogBookkeepingFailed(ILogger logger, Exception exception, string type, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Type} #{Id} attempt {Attempt} stopped: its lease went to another worker")]
    private static partial void LogLeaseLost(ILogger logger, string type, long id, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception);
}
