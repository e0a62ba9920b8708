using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Stadium.Data;

namespace Stadium.Service.Platform;

/// <summary>Ready means: the store answers, its schema is current, and warm-up has finished (degraded: answers in part).</summary>
public sealed class ReadinessCheck(IStoreHealth store, WarmupState warmup) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await store.CheckAsync(cancellationToken);
        var data = new Dictionary<string, object>
        {
            ["storeReachable"] = report.Reachable,
            ["schemaVersion"] = report.SchemaVersion,
            ["expectedSchemaVersion"] = report.ExpectedSchemaVersion,
            ["warmedUp"] = warmup.Done,
        };
        if (!report.Reachable)
        {
            return HealthCheckResult.Unhealthy("Store unreachable.", data: data);
        }

        if (!report.Ready)
        {
            return HealthCheckResult.Unhealthy("Schema migrations not applied.", data: data);
        }

        if (!warmup.Done)
        {
            return HealthCheckResult.Unhealthy("Warming up.", data: data);
        }

        // Degraded still answers 200: the node serves what it can rather than leave the rotation with every other node.
        return report.Degraded is { } why ? HealthCheckResult.Degraded(why, data: data) : HealthCheckResult.Healthy(data: data);
    }
}

public sealed class WarmupState
{
    private volatile bool _done;

    public bool Done => _done;

    public void MarkDone() => _done = true;
}

/// <summary>
/// Touches the store and the post cache before the node reports ready, so the first real requests
/// don't pay for cold connections and JIT compilation of the hot paths.
/// </summary>
public sealed partial class Warmup(IStoreHealth store, IPostStore posts, Features.Posts.PostCache postCache, WarmupState state, ILogger<Warmup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.CheckAsync(stoppingToken);
            var recent = await posts.GetRecentPostIdsAsync(1, 100, stoppingToken);
            await postCache.GetManyAsync(recent, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogWarmupFailed(logger, e);
        }

        state.MarkDone();
        LogWarm(logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Warm-up done; node is ready")]
    private static partial void LogWarm(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warm-up failed; continuing cold")]
    private static partial void LogWarmupFailed(ILogger logger, Exception e);
}
