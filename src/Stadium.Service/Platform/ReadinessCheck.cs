using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stadium.Data;

namespace Stadium.Service.Platform;

/// <summary>Ready means: the store answers, its schema is current, and warm-up has finished (degraded: answers in part).</summary>
internal sealed class ReadinessCheck(IStoreHealth store, WarmupState warmup) : IHealthCheck
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
