using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Stadium.Scaling.Loop;

/// <summary>
/// The autoscaler's instruments (meter "Stadium.Scaling"): stadium.scaling.replicas (gauge; target, kind current or
/// desired) and stadium.scaling.decisions (counter; target, direction up, down or none, signal).
/// </summary>
public sealed class ScalingMetrics
{
    public const string MeterName = "Stadium.Scaling";

    private readonly ConcurrentDictionary<string, (int Current, int Desired)> _replicas = new(StringComparer.Ordinal);
    private readonly Counter<long> _decisions;

    public ScalingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("stadium.scaling.replicas", Observe, "{replica}", "Replicas of each scaled target: current and desired.");
        _decisions = meter.CreateCounter<long>("stadium.scaling.decisions", "{decision}", "Autoscaler decisions, by target, direction and the signal that drove them.");
    }

    internal void Record(Decision decision)
    {
        _replicas[decision.Target] = (decision.Current, decision.Desired);
        var direction = decision.Desired > decision.Current ? "up" : decision.Desired < decision.Current ? "down" : "none";
        _decisions.Add(1, new("target", decision.Target), new("direction", direction), new("signal", decision.Signal));
    }

    private IEnumerable<Measurement<int>> Observe() => _replicas.SelectMany(r => new[]
    {
        new Measurement<int>(r.Value.Current, new("target", r.Key), new("kind", "current")),
        new Measurement<int>(r.Value.Desired, new("target", r.Key), new("kind", "desired")),
    });
}
