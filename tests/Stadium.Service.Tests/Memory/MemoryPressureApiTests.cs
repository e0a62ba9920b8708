using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.Memory;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>A node whose memory readings the test sets: under critical pressure it stays ready (degraded) and sheds only bulk work.</summary>
[Collection(ExactMetricsCollection.Name)] // Reads /metrics, whose streams a parallel class's stopping node can take away (see PlatformTests).
public sealed class MemoryPressureApiTests : IAsyncLifetime
{
    private readonly PressedNode _node = new();

    public Task InitializeAsync() => _node.InitializeAsync();

    public Task DisposeAsync() => _node.DisposeAsync();

    private MemoryPressureMonitor Monitor => _node.App.Services.GetRequiredService<MemoryPressureMonitor>();

    [Fact]
    public async Task Under_critical_memory_pressure_readiness_answers_200_degraded_naming_memory()
    {
        using var client = _node.CreateClient();
        _node.Probe.Use(0.95);
        Assert.Equal(MemoryPressureLevel.Critical, Monitor.Check());

        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = await ready.Content.ReadAsStringAsync();
        Assert.StartsWith("Degraded", body);
        Assert.Contains("memory: Memory pressure critical", body);

        // Names only: other test nodes in this process export the same instruments (the values are checked in MemoryPressureMonitorTests).
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("stadium_memory_pressure", metrics);
        Assert.Contains("stadium_memory_budget_bytes", metrics);
        Assert.Matches(@"stadium_memory_cache_limit_bytes\{[^}]*cache=""posts""", metrics);

        // SQLite's heap is the process's, whichever node exports it: this node's file is open, so it holds something.
        var sqlite = Regex.Match(metrics, @"^stadium_db_sqlite_memory_bytes(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
        Assert.True(sqlite.Success && long.Parse(sqlite.Groups[1].Value, CultureInfo.InvariantCulture) > 0, "no stadium_db_sqlite_memory_bytes above 0");

        _node.Probe.Use(0.2);
        Monitor.Check();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task Under_critical_memory_pressure_bulk_work_is_shed_and_reads_are_served()
    {
        using var user = await _node.NewUserAsync();
        _node.Probe.Use(0.95);
        Monitor.Check();

        var export = await user.Client.PostAsync("/v1/exports", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, export.StatusCode);
        Assert.NotNull(export.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync($"/v1/users/{user.Username}")).StatusCode);

        _node.Probe.Use(0.2);
        Monitor.Check();
        Assert.Equal(HttpStatusCode.Accepted, (await user.Client.PostAsync("/v1/exports", null)).StatusCode);
    }

    private sealed class PressedNode : StadiumNode
    {
        public SimulatedMemoryProbe Probe { get; } = new();

        protected override void AfterApiServices(IServiceCollection services) => services.AddSingleton<IMemoryProbe>(Probe);
    }
}
