using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Requests in flight at the gateway (stadium_gateway_in_flight, summed over its nodes), against a number per ready
/// node: the request queue depth of the seed's list, read where requests wait before a node answers them.
/// </summary>
internal sealed class InFlightSignal : ISignal
{
    public string Name => "inFlight";

    public MetricTargetType TargetType => MetricTargetType.AverageValue;

    public string Unit => "requests in flight per ready node";

    public IReadOnlyList<string> Options => [];

    public MetricReading? Read(SignalContext context, MetricSpec spec) =>
        context.Gateway is { } gateway ? MetricReading.OfTarget(gateway.Now.Sum("stadium_gateway_in_flight")) : null;
}
