using Stadium.Gateway.Destinations;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Health;

/// <summary>
/// Which destinations take new requests: not draining, and neither the probe nor real requests found them unhealthy
/// (a node not yet probed is tried, as YARP's HealthyAndUnknown does). A draining node keeps the requests it has and gets
/// no new ones, affinities included: they are made again on another node. When every node is out, none is in rotation
/// and the gateway answers 503 rather than send to nodes known to fail.
/// </summary>
internal sealed class RotationPolicy : IAvailableDestinationsPolicy
{
    public const string PolicyName = "StadiumRotation";

    public string Name => PolicyName;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations) =>
        [.. allDestinations.Where(InRotation)];

    public static bool Draining(DestinationState destination) =>
        destination.Model?.Config.Metadata?.GetValueOrDefault(ProxyShape.State) == ClusterFileReader.Draining;

    public static bool InRotation(DestinationState destination) =>
        !Draining(destination) && destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
}
