using Stadium.Gateway.Affinity;
using Stadium.Gateway.Health;
using Stadium.Gateway.Options;
using Stadium.Protection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Stadium.Gateway.Destinations;

/// <summary>
/// The routes (everything the gateway does not answer itself) and the one cluster of nodes, as YARP takes them. The
/// routes differ only in the class of work they carry (<see cref="EndpointClass"/>, as the nodes declare it), which the
/// gateway's rate limits and shedder read: sign-ins run long by design (password hashing) and must not teach the
/// concurrency limit that the fleet is queueing, exports and announcements are bulk work, shed first.
/// </summary>
internal static class ProxyShape
{
    public const string ClusterId = "nodes";
    public const string RouteId = "api";
    public const string AuthRouteId = "auth";
    public const string ExportsRouteId = "exports";
    public const string AnnouncementsRouteId = "announcements";

    /// <summary>The class of work each route carries; the catch-all has none (GET reads, other methods writes).</summary>
    public static EndpointClass? ClassOf(string routeId) => routeId switch
    {
        AuthRouteId => EndpointClass.Auth,
        ExportsRouteId or AnnouncementsRouteId => EndpointClass.Bulk,
        _ => null,
    };

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        Route(),
        Prefixed(AuthRouteId, "/v1/auth/{**path}"),
        Prefixed(ExportsRouteId, "/v1/exports/{**path}"),
        Prefixed(AnnouncementsRouteId, "/v1/announcements/{**path}"),
    ];

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

    private static RouteConfig Prefixed(string routeId, string path) => new()
    {
        RouteId = routeId,
        ClusterId = ClusterId,
        Order = int.MaxValue - 1,
        Match = new RouteMatch { Path = path },
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
