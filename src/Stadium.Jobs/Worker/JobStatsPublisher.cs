using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stadium.Jobs.Worker;

/// <summary>
/// Reads queue depth and oldest-job age per type every few seconds into <see cref="QueueReadings"/> and the
/// gauges (which must not query). Known types are the registered handlers' and the configured ones.
/// </summary>
public sealed partial class JobStatsPublisher(
    IJobQueue queue,
    QueueReadings readings,
    IEnumerable<IJobHandler> handlers,
    JobsOptions options,
    TimeProvider time,
    ILogger<JobStatsPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReadAsync(stoppingToken);
                await Task.Delay(options.StatsInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogStatsFailed(logger, e);
                await Task.Delay(options.StatsInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Takes one reading now.</summary>
    private async Task ReadAsync(CancellationToken ct)
    {
        var stats = await queue.StatsAsync(readings.At, ct);
        readings.Record(stats, handlers.Select(h => h.Type).Concat(options.Types.Keys), time.GetUtcNow());
        JobMetrics.Publish(readings.Latest.Select(s => (s, readings.DrainPerSecond(s.Type))).ToList());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading queue stats failed")]
    private static partial void LogStatsFailed(ILogger logger, Exception exception);
}
