namespace Stadium.Planning.Simulate;

/// <summary>
/// The simulated gateway's cumulative counters per route, as its meter "Stadium.Gateway" keeps them: answers by status
/// code (stadium_gateway_requests_total) and their durations (stadium_gateway_request_duration_seconds, with the
/// gateway's own bucket bounds). Counts are expected values, so they are fractional.
/// </summary>
internal sealed class GatewayCounters
{
    /// <summary>The gateway's bucket bounds in seconds (GatewayMetrics.DurationBuckets).</summary>
    public static readonly double[] Bounds = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public GatewayCounters(IReadOnlyList<EndpointModel> endpoints)
    {
        Routes = [.. endpoints.Select(e => new RouteCounters(e.Route))];
    }

    public IReadOnlyList<RouteCounters> Routes { get; }

    /// <summary>Requests being served per node, by node name (a gauge).</summary>
    public Dictionary<string, double> InFlight { get; } = new(StringComparer.Ordinal);

    /// <summary>Counts one tick of endpoint <paramref name="index"/>: answered with 200 at the latencies <paramref name="cdf"/> gives, and shed with 503 at once.</summary>
    public void Record(int index, double answered, double shed, Func<double, double> cdf, double meanSeconds, double shedSeconds)
    {
        var route = Routes[index];
        route.Ok += answered;
        route.Shed += shed;
        for (var b = 0; b < Bounds.Length; b++)
        {
            route.Buckets[b] += (answered * cdf(Bounds[b])) + (shedSeconds <= Bounds[b] ? shed : 0);
        }

        route.Count += answered + shed;
        route.Sum += (answered * meanSeconds) + (shed * shedSeconds);
    }

    /// <summary>One route's counters (several endpoints may share a route template, as GET and DELETE /v1/posts/{id} do).</summary>
    internal sealed class RouteCounters(string route)
    {
        public string Route { get; } = route;

        public double Ok { get; set; }

        public double Shed { get; set; }

        public double[] Buckets { get; } = new double[Bounds.Length];

        public double Count { get; set; }

        public double Sum { get; set; }
    }
}
