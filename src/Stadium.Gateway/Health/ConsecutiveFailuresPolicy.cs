using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stadium.Gateway.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Health;

/// <summary>
/// YARP's passive health policy for Stadium nodes: <see cref="GatewayPassiveOptions.ConsecutiveFailures"/> transport
/// failures in a row (no answer: refused, reset, timed out) take a node out of rotation for
/// <see cref="GatewayPassiveOptions.Backoff"/>, after which YARP lets it take requests again. Any answer, even a 5xx,
/// resets the count: a node that answers is reachable, and its readiness is the active probe's to judge. A node killed
/// under load is out after that many requests, long before its next probe.
/// </summary>
internal sealed class ConsecutiveFailuresPolicy(IDestinationHealthUpdater updater, IOptions<GatewayOptions> options) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "StadiumConsecutiveFailures";

    private readonly GatewayPassiveOptions _options = options.Value.Passive;
    private readonly ConcurrentDictionary<DestinationState, int> _failures = new();

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        if (!Failed(context))
        {
            _failures[destination] = 0;
            return;
        }

        var failures = _failures.AddOrUpdate(destination, 1, static (_, count) => count + 1);
        if (failures >= _options.ConsecutiveFailures)
        {
            _failures[destination] = 0;
            updater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, _options.Backoff);
        }
    }

    /// <summary>The node did not answer; failures on the client's side (it left, its body broke) say nothing about the node.</summary>
    internal static bool Failed(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Error is ForwarderError.Request or ForwarderError.RequestTimedOut
            or ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination;
}
