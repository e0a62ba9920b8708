using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Gateway.Destinations;
using Stadium.Gateway.Health;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Metrics;

/// <summary>
/// Meter "Stadium.Gateway": requests and their duration by route, node and status; requests in flight per node and
/// destinations by state (read from YARP's own state when scraped); retries by outcome.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Stadium.Gateway";

    /// <summary>Seconds: from 1 ms (the gateway's own cost is below it) to 10 s (the longest deadline in slo.yaml is shorter).</summary>
    private static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;

    /// <remarks>
    /// YARP's state is resolved when first scraped, not injected: YARP builds the transforms while its state is being
    /// built, and the retry transform records here, so an injected lookup would be a cycle.
    /// </remarks>
    public GatewayMetrics(IMeterFactory meters, IServiceProvider services)
    {
        var lookup = new Lazy<IProxyStateLookup>(services.GetRequiredService<IProxyStateLookup>);
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("stadium.gateway.requests", "{request}", "Requests answered through the gateway, by route, node and status code.");
        _duration = meter.CreateHistogram("stadium.gateway.request.duration", "s", "Time from the gateway receiving a request to its answer, by route and node.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _retries = meter.CreateCounter<long>("stadium.gateway.retries", "{retry}",
            "Idempotent reads that failed on one node: retried (on another node), budget (refused by the retry budget) or no_node (no other node in rotation).");
        meter.CreateObservableUpDownCounter("stadium.gateway.in_flight", () => Destinations(lookup.Value).Select(d =>
            new Measurement<long>(d.ConcurrentRequestCount, new KeyValuePair<string, object?>("node", d.DestinationId))), "{request}", "Requests being served by each node.");
        meter.CreateObservableGauge("stadium.gateway.destinations", () => States(lookup.Value), "{node}", "Destinations by state: healthy (in rotation), unhealthy, draining.");
    }

    public void Answered(string route, string node, int status, double seconds)
    {
        var routeTag = new KeyValuePair<string, object?>("route", route);
        var nodeTag = new KeyValuePair<string, object?>("node", node);
        _requests.Add(1, routeTag, nodeTag, new KeyValuePair<string, object?>("code", status));
        _duration.Record(seconds, routeTag, nodeTag);
    }

    public void Retry(string outcome) => _retries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public static IEnumerable<DestinationState> Destinations(IProxyStateLookup proxy) =>
        proxy.TryGetCluster(ProxyShape.ClusterId, out var cluster) ? cluster.DestinationsState.AllDestinations : [];

    private static IEnumerable<Measurement<int>> States(IProxyStateLookup proxy)
    {
        var all = Destinations(proxy).ToList();
        var draining = all.Count(RotationPolicy.Draining);
        var healthy = all.Count(RotationPolicy.InRotation);
        yield return new Measurement<int>(healthy, new KeyValuePair<string, object?>("state", "healthy"));
        yield return new Measurement<int>(all.Count - healthy - draining, new KeyValuePair<string, object?>("state", "unhealthy"));
        yield return new Measurement<int>(draining, new KeyValuePair<string, object?>("state", "draining"));
    }
}
