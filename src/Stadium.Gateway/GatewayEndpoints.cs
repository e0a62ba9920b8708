using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Gateway.Destinations;
using Stadium.Gateway.Forwarding;
using Stadium.Gateway.Health;
using Stadium.Gateway.Metrics;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway;

/// <summary>The gateway's own answers: its readiness and its view of the nodes.</summary>
internal static class GatewayEndpoints
{
    /// <summary>Ready while at least one node is in rotation and its last probe was answered ready.</summary>
    public static Results<ContentHttpResult, ProblemHttpResult> Ready(IProxyStateLookup proxy)
    {
        var all = GatewayMetrics.Destinations(proxy).ToList();
        var ready = all.Count(d => RotationPolicy.InRotation(d) && d.Health.Active == DestinationHealth.Healthy);
        return ready > 0
            ? TypedResults.Text("Healthy", "text/plain")
            : TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                detail: all.Count == 0 ? "The gateway has no nodes." : $"None of the {all.Count} nodes is ready.");
    }

    public static Ok<List<DestinationView>> Destinations(IProxyStateLookup proxy, DestinationLedger ledger,
        NodeConditions conditions) =>
        TypedResults.Ok(GatewayMetrics.Destinations(proxy)
            .OrderBy(d => d.DestinationId, StringComparer.Ordinal)
            .Select(d => new DestinationView(
                d.DestinationId,
                d.Model?.Config.Address ?? "",
                RotationPolicy.Draining(d) ? ClusterFileReader.Draining : ClusterFileReader.Active,
                RotationPolicy.InRotation(d),
                d.ConcurrentRequestCount,
                ledger.AnsweredBy(d.DestinationId),
                conditions.IsDegraded(d.DestinationId)))
            .ToList());
}
