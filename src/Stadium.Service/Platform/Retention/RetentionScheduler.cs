using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Jobs;

namespace Stadium.Service.Platform.Retention;

/// <summary>
/// Queues the sweep job every "SweepInterval" on every node. Its unique key keeps one pending at a time across the
/// fleet: while one is queued or running, the others' enqueues find it and add nothing. The first is queued one
/// interval after start, so a node that starts and stops quickly leaves no job behind.
/// </summary>
internal sealed partial class RetentionScheduler(
    IDatabase database, IJobQueue queue, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionScheduler> logger) : BackgroundService
{
    public const string UniqueKey = "retention:sweep";

    /// <summary>Last in its worker's order (priority 9); never refused by bounds, since it is what keeps the tables small.</summary>
    public static readonly JobRequest Request = new(RetentionSweeper.JobType, "{}", UniqueKey: UniqueKey, Priority: 9, Bounded: false);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ScheduleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is down or busy: the next tick tries again, and expired keys are refused by age meanwhile.
                LogNotScheduled(e);
            }
        }
    }

    /// <summary>Queues the sweep unless one is pending; returns the outcome (Enqueued or Duplicate).</summary>
    internal Task<EnqueueResult> ScheduleAsync(CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => queue.EnqueueAsync(connection, transaction, Request, ct), ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention: could not queue the sweep job; trying again next interval")]
    private partial void LogNotScheduled(Exception e);
}
