using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stadium.Gateway.Metrics;
using Stadium.Gateway.Options;
using Stadium.Protection.Dependencies;
using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// Whether a failed idempotent read gets its one retry, and on which node: another node in rotation (the least busy),
/// if the protection layer's <see cref="RetryBudget"/> still has room (a share of requests over 10 s plus a floor per
/// second). When every node fails, the gateway then adds at most that share of load instead of doubling it.
/// </summary>
internal sealed class RetryPlanner
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly RetryBudget _budget;
    private readonly GatewayMetrics _metrics;

    public RetryPlanner(IOptions<GatewayOptions> options, GatewayMetrics metrics, TimeProvider time)
    {
        var retry = options.Value.Retry;
        Enabled = retry.Budget > 0;
        _budget = new RetryBudget(retry.Budget, retry.MinPerSecond, Window, time);
        _metrics = metrics;
    }

    public bool Enabled { get; }

    /// <summary>A retryable request is being sent for the first time: it earns the budget its share of a retry.</summary>
    public void Sent() => _budget.RecordCall();

    /// <summary>The node to retry on, or null (nothing taken from the budget) when the request may not be retried.</summary>
    public DestinationState? Grant(HttpContext context, GatewayRequest request)
    {
        if (!request.Retryable || request.Tried.Count != 1 || context.Response.HasStarted)
        {
            return null;
        }

        var cluster = context.GetReverseProxyFeature().Route.Cluster;
        var other = cluster?.DestinationsState.AvailableDestinations
            .Where(d => !request.Tried.Contains(d))
            .MinBy(d => d.ConcurrentRequestCount);
        if (other is null)
        {
            _metrics.Retry("no_node");
            return null;
        }

        if (!_budget.TryRetry())
        {
            _metrics.Retry("budget");
            return null;
        }

        _metrics.Retry("retried");
        return other;
    }
}
