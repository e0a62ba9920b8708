namespace Stadium.Gateway.Options;

/// <summary>"Stadium:Gateway:Drain": how a node leaves.</summary>
public sealed class GatewayDrainOptions
{
    /// <summary>
    /// Longest time a draining node keeps its in-flight requests: after it the gateway forgets the node (its
    /// supervisor stops it then too). Longer than any deadline in slo.yaml, so a request within its deadline finishes.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
