using Stadium.Gateway.Affinity;
using Stadium.Gateway.Health;
using Stadium.Gateway.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Stadium.Gateway.Destinations;

/// <summary>The one route (everything the gateway does not answer itself) and the one cluster of nodes, as YARP takes them.</summary>
internal static class ProxyShape
{
    public const string ClusterId = "nodes";
    public const string RouteId = "api";

    /// <summary>Metadata key of a destination's state: <see cref="ClusterFileReader.Active"/> or <see cref="ClusterFileReader.Draining"/>.</summary>
    public const string State = "state";

    public static RouteConfig Route() => new()
    {
        RouteId = RouteId,
        ClusterId = ClusterId,
        // Last among endpoints: the gateway's own (/health/ready, /metrics, /gateway/..., /dashboard) answer first.
        Order = int.MaxValue,
        Match = new RouteMatch { Path = "/{**path}" },
    };

    public static ClusterConfig Cluster(GatewayOptions options, IReadOnlyList<NodeEntry> nodes) => new()
    {
        ClusterId = ClusterId,
        LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
        SessionAffinity = options.Affinity.Enabled
            ? new SessionAffinityConfig
            {
                Enabled = true,
                Policy = RotatingCookieAffinityPolicy.PolicyName,
                // A node that left rotation (draining, unready, failing) loses its affinities: they are made again.
                FailurePolicy = "Redistribute",
                AffinityKeyName = options.Affinity.Cookie,
                Cookie = new SessionAffinityCookieConfig { HttpOnly = true, Path = "/", IsEssential = true },
            }
            : null,
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheck.Interval,
                Timeout = options.HealthCheck.Timeout,
                Path = options.HealthCheck.Path,
                Policy = ReadinessProbePolicy.PolicyName,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = ConsecutiveFailuresPolicy.PolicyName,
                ReactivationPeriod = options.Passive.Backoff,
            },
            AvailableDestinationsPolicy = RotationPolicy.PolicyName,
        },
        Destinations = nodes.ToDictionary(n => n.Name, n => new DestinationConfig
        {
            Address = n.Url,
            Metadata = new Dictionary<string, string> { [State] = n.Draining ? ClusterFileReader.Draining : ClusterFileReader.Active },
        }, StringComparer.OrdinalIgnoreCase),
    };
}
