using Microsoft.Extensions.Diagnostics.HealthChecks;
using Stadium.Protection.Memory;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>The monitor on simulated readings: 80 % of the limit trims the caches, 90 % is critical.</summary>
public sealed class MemoryPressureMonitorTests : IDisposable
{
    private readonly MemoryTestHost _host = new(new() { ["Stadium:Memory:Budget"] = "100000", ["Stadium:Memory:Shares:Posts"] = "0.1" });

    public void Dispose() => _host.Dispose();

    private MemoryPressureMonitor Monitor => _host.Get<MemoryPressureMonitor>();

    private void FillPosts()
    {
        for (var i = 0; i < 8; i++)
        {
            using var entry = _host.Posts.CreateEntry("p:" + i);
            entry.Value = "post";
            entry.Size = 1_000;
        }
    }

    private async Task<HealthCheckResult> ReadinessAsync() =>
        await _host.Create<MemoryHealthCheck>().CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Below_the_trim_threshold_nothing_is_dropped_and_the_node_is_healthy()
    {
        FillPosts();
        _host.Probe.Use(0.5);
        Assert.Equal(MemoryPressureLevel.Normal, Monitor.Check());
        Assert.Equal(8_000, _host.Posts.Size);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync()).Status);
    }

    [Fact]
    public async Task Past_the_trim_threshold_the_caches_are_trimmed_but_the_node_stays_healthy()
    {
        FillPosts();
        _host.Probe.Use(0.85);
        Assert.Equal(MemoryPressureLevel.Trimming, Monitor.Check());
        Assert.InRange(_host.Posts.Size, 0, 6_000);
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync()).Status);
        _host.Measurements.Observe();
        Assert.Equal(1, _host.Measurements.Get("stadium.memory.pressure"));
    }

    [Fact]
    public async Task Past_the_critical_threshold_readiness_is_degraded_naming_memory_and_the_metric_says_2()
    {
        _host.Probe.Use(0.95);
        Assert.Equal(MemoryPressureLevel.Critical, Monitor.Check());
        Assert.Equal(MemoryPressureLevel.Critical, _host.Get<IMemoryPressure>().Level);
        var readiness = await ReadinessAsync();
        Assert.Equal(HealthStatus.Degraded, readiness.Status);
        Assert.StartsWith("Memory pressure critical", readiness.Description);
        _host.Measurements.Observe();
        Assert.Equal(2, _host.Measurements.Get("stadium.memory.pressure"));

        _host.Probe.Use(0.3);
        Assert.Equal(MemoryPressureLevel.Normal, Monitor.Check());
        Assert.Equal(HealthStatus.Healthy, (await ReadinessAsync()).Status);
    }

    [Fact]
    public async Task The_monitor_samples_on_its_clock()
    {
        _host.Probe.Use(0.95);
        await Monitor.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 100 && Monitor.Level != MemoryPressureLevel.Critical; i++)
            {
                _host.Time.Advance(TimeSpan.FromSeconds(5));
                await Task.Delay(10);
            }

            Assert.Equal(MemoryPressureLevel.Critical, Monitor.Level);
        }
        finally
        {
            await Monitor.StopAsync(CancellationToken.None);
        }
    }
}
