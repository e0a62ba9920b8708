using Yarp.ReverseProxy.Model;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// What the gateway knows about one proxied request, set as a request feature by <see cref="ProxyMetricsMiddleware"/>
/// and read by the deadline transform and the retry: when it arrived, its route, whether it may be retried, the nodes
/// it was sent to.
/// </summary>
internal sealed class GatewayRequest(long startTimestamp, string route, TimeSpan deadline, bool retryable)
{
    public long StartTimestamp => startTimestamp;

    /// <summary>The node's route template when the SLO file knows the path, else its first two segments.</summary>
    public string Route => route;

    /// <summary>The whole time budget of the request (the SLO file's deadline for its route).</summary>
    public TimeSpan Deadline => deadline;

    /// <summary>GET or HEAD without a body: safe to send again to another node.</summary>
    public bool Retryable => retryable;

    /// <summary>Nodes this request was sent to, in order.</summary>
    public List<DestinationState> Tried { get; } = [];

    /// <summary>Set when the last answer was a 503 held back because a retry on this node was granted for it.</summary>
    public DestinationState? RetryOn { get; set; }
}
