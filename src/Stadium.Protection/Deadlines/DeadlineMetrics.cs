using System.Diagnostics.Metrics;

namespace Stadium.Protection.Deadlines;

/// <summary>stadium.protection.deadline.exceeded: requests whose time budget ran out, by endpoint ("METHOD /route", or "other").</summary>
internal sealed class DeadlineMetrics : IDisposable
{
    public const string Unlisted = "other";

    private readonly Meter _meter;
    private readonly Counter<long> _exceeded;

    public DeadlineMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(ProtectionMetrics.MeterName);
        _exceeded = _meter.CreateCounter<long>("stadium.protection.deadline.exceeded", "{request}",
            "Requests whose deadline passed while they were served; their work was abandoned (504 unless the answer was already written).");
    }

    public void Exceeded(string endpoint) => _exceeded.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void Dispose() => _meter.Dispose();
}
