using System.Globalization;
using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Tail latency at the gateway against the SLO file: for every endpoint with an objective, the quantile of
/// stadium_gateway_request_duration_seconds over the window (its objective's percentile, p99 or p95, unless the metric
/// names one) as a percentage of the objective; the worst route is the value. Routes without requests in the window
/// are left out; with none at all the value is 0 (no latency is pressing).
/// </summary>
internal sealed class LatencySignal : ISignal
{
    private const string Histogram = "stadium_gateway_request_duration_seconds";

    public string Name => "latency";

    public MetricTargetType TargetType => MetricTargetType.Value;

    public string Unit => "% of the worst route's SLO latency objective";

    public IReadOnlyList<string> Options => ["percentile", "busyCpu"];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        if (context.Gateway is not { Before: not null } gateway)
        {
            return null;
        }

        var worst = 0.0;
        string? detail = null;
        foreach (var objective in context.Slo.Endpoints)
        {
            // The gateway's route tag is the node's route template; a method in it, if the gateway adds one, must match.
            var window = gateway.Since(Histogram, s => s.Label("route") is { } route
                && (route == objective.Route || string.Equals(route, objective.Name, StringComparison.OrdinalIgnoreCase)));
            if (window is null || window.Count <= 0)
            {
                continue;
            }

            var quantile = spec.Quantile ?? (objective.Percentile / 100);
            var seconds = window.Quantile(quantile);
            var share = 100 * seconds / objective.Latency.TotalSeconds;
            if (share > worst)
            {
                worst = share;
                detail = string.Create(CultureInfo.InvariantCulture,
                    $"{objective.Name} p{quantile * 100:0.#} {seconds * 1000:0.#} ms against {objective.Latency.TotalMilliseconds:0.#} ms");
            }
        }

        return BusyGate.Apply(MetricReading.OfTarget(worst, detail ?? "no requests in the window"), context, spec);
    }
}
