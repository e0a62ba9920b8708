using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Stadium.Service.Platform.Redis;

/// <summary>
/// Reports Redis in /health/ready without failing readiness: a node without Redis still serves
/// (from L1 and the store), so taking it out of rotation would only move its load onto the others.
/// </summary>
internal sealed class RedisHealthCheck(CacheDegradation degradation) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["redisConnected"] = degradation.IsConnected,
            ["cacheDegraded"] = degradation.IsDegraded,
        };
        return Task.FromResult(degradation.IsDegraded
            ? HealthCheckResult.Degraded("Redis unavailable: serving from L1 and the store.", data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
