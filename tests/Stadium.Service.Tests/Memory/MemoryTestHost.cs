using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>The memory budget's services as the node registers them, on a simulated probe and a fake clock.</summary>
internal sealed class MemoryTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public MemoryTestHost(Dictionary<string, string?> settings, SimulatedMemoryProbe? probe = null)
    {
        Probe = probe ?? new SimulatedMemoryProbe();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddSingleton<IMemoryProbe>(Probe);
        builder.Services.AddMetrics();
        builder.AddMemoryBudget();
        _services = builder.Services.BuildServiceProvider();
        Measurements = new MemoryMeasurements(Get<System.Diagnostics.Metrics.IMeterFactory>());
        Get<MemoryMetrics>();
    }

    public SimulatedMemoryProbe Probe { get; }

    public FakeTimeProvider Time { get; } = new();

    public MemoryMeasurements Measurements { get; }

    public FusionMemoryPartitions Partitions => Get<FusionMemoryPartitions>();

    public SizedMemoryCache Posts => Partitions.All[0];

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    public void Dispose()
    {
        Measurements.Dispose();
        _services.Dispose();
    }
}
