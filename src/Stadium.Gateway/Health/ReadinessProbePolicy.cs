using System.Net;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Health;

/// <summary>
/// YARP's active health policy for Stadium nodes: a probe of /health/ready answered 200 keeps the node in rotation
/// (a body starting "Degraded" marks it degraded in <see cref="NodeConditions"/>); any other status, a timeout or a
/// refused connection takes it out until a probe is answered 200 again. One bad probe is enough: a node that says it is
/// not ready (starting, its database gone) is believed at once.
/// </summary>
internal sealed class ReadinessProbePolicy(IDestinationHealthUpdater updater, NodeConditions conditions) : IActiveHealthCheckPolicy
{
    public const string PolicyName = "StadiumReadiness";

    public string Name => PolicyName;

    public void ProbingCompleted(ClusterState cluster, IReadOnlyList<DestinationProbingResult> probingResults)
    {
        var results = new List<NewActiveDestinationHealth>(probingResults.Count);
        foreach (var probe in probingResults)
        {
            var ready = probe.Response is { StatusCode: HttpStatusCode.OK };
            conditions.Set(probe.Destination.DestinationId, ready && Degraded(probe.Response!));
            results.Add(new NewActiveDestinationHealth(probe.Destination, ready ? DestinationHealth.Healthy : DestinationHealth.Unhealthy));
        }

        updater.SetActive(cluster, results);
    }

    /// <summary>
    /// The node's readiness text: "Healthy", or "Degraded: what and why". YARP hands the policy the response with its
    /// body unread and calls it synchronously; the body is a line that arrived with the headers, so the wait is for
    /// bytes already received.
    /// </summary>
    private static bool Degraded(HttpResponseMessage response)
    {
        try
        {
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult().StartsWith("Degraded", StringComparison.OrdinalIgnoreCase);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
