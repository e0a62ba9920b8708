using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>Listens to the "Stadium.Memory" meter: counter totals by tags, and the gauges' values on demand.</summary>
internal sealed class MemoryMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new();

    /// <param name="scope">The meter factory of the node under test, so other nodes' measurements are not counted.</param>
    public MemoryMeasurements(object scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MemoryMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The counter's total, or the gauge's last observed value, for one tag set ("name" or "name{cache=posts,reason=capacity}").</summary>
    public long Get(string key) => _values.GetValueOrDefault(key);

    public void Observe() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = instrument.Name;
        if (tags.Length > 0)
        {
            var parts = new List<string>();
            foreach (var tag in tags)
            {
                parts.Add($"{tag.Key}={tag.Value}");
            }

            key += "{" + string.Join(",", parts) + "}";
        }

        if (instrument is ObservableGauge<long> or ObservableGauge<int>)
        {
            _values[key] = value;
        }
        else
        {
            _values.AddOrUpdate(key, value, (_, total) => total + value);
        }
    }
}
