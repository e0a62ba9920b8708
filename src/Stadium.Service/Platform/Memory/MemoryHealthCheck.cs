using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stadium.Protection.Memory;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Memory in /health/ready: Degraded under critical pressure, never Unhealthy. A node near its limit still serves;
/// taking it out of rotation would move its load onto nodes that are probably just as full.
/// </summary>
internal sealed class MemoryHealthCheck(MemoryPressureMonitor monitor, MemoryBudget budget) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var reading = monitor.LastReading;
        var data = new Dictionary<string, object>
        {
            ["memoryPressure"] = (int)monitor.Level,
            ["memoryUsedBytes"] = reading.Used,
            ["memoryLimitBytes"] = reading.Limit,
            ["memoryBudgetBytes"] = budget.Bytes,
        };
        return Task.FromResult(monitor.Level == MemoryPressureLevel.Critical
            ? HealthCheckResult.Degraded(
                $"Memory pressure critical: {ByteSize.Format(reading.Used)} in use of {ByteSize.Format(reading.Limit)}; caches trimmed, bulk work shed.",
                data: data)
            : HealthCheckResult.Healthy(data: data));
    }
}
