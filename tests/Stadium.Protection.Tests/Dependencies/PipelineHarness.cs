using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Dependencies;

namespace Stadium.Protection.Tests.Dependencies;

/// <summary>The dependency pipelines on a fake clock, with their log lines and their protection metrics captured.</summary>
internal sealed class PipelineHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly MeterListener _listener = new();

    public PipelineHarness(Action<DependenciesOptions>? configure = null)
    {
        var options = new DependenciesOptions();
        configure?.Invoke(options);
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == ProtectionMetrics.MeterName && instrument.Meter.Scope == meters)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        Pipelines = new DependencyPipelines(Options.Create(options), Clock, LoggerFactory.Create(b => b.AddProvider(Logs)), meters);
    }

    public FakeTimeProvider Clock { get; } = new();

    public CapturingLogs Logs { get; } = new();

    public DependencyPipelines Pipelines { get; }

    /// <summary>Measurements as "instrument dependency[ state] = value", in order.</summary>
    public List<string> Measurements { get; } = [];

    /// <summary>The breaker-state gauge of one dependency, read now.</summary>
    public int BreakerState(string dependency)
    {
        _listener.RecordObservableInstruments();
        lock (Measurements)
        {
            var prefix = $"stadium.protection.dependency.breaker.state {dependency} = ";
            return int.Parse(Measurements.Last(m => m.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    public int Count(string instrument, string dependency, string? state = null)
    {
        lock (Measurements)
        {
            var key = $"{instrument} {dependency}{(state is null ? "" : " " + state)} = ";
            return Measurements.Where(m => m.StartsWith(key, StringComparison.Ordinal)).Sum(m => int.Parse(m[key.Length..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? dependency = null;
        string? state = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "dependency")
            {
                dependency = tag.Value as string;
            }
            else if (tag.Key == "state")
            {
                state = tag.Value as string;
            }
        }

        lock (Measurements)
        {
            Measurements.Add($"{instrument.Name} {dependency}{(state is null ? "" : " " + state)} = {value}");
        }
    }
}
