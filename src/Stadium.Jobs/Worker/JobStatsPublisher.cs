using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Stadium.Jobs.Worker;

/// <summary>Reads queue depth and oldest-job age per type every few seconds for the gauges (which must not query).</summary>
public sealed partial class JobStatsPublisher(IJobQueue queue, JobsOptions options, TimeProvider time, ILogger<JobStatsPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                JobMetrics.Publish(await queue.StatsAsync(stoppingToken));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading queue stats failed")]
    private static partial void LogStatsFailed(ILogger logger, Exception exception);
}
