namespace Stadium.Gateway.Options;

/// <summary>
/// "Stadium:Gateway": where the nodes are and how the gateway spreads, checks, retries and drains requests to them.
/// docs/fleet.md ("Gateway") gives each default and why. The edge rate limit is the protection layer's own options
/// (<c>RateLimitOptions</c>) bound under "Stadium:Gateway:RateLimits".
/// </summary>
public sealed class GatewayOptions
{
    public const string Section = "Stadium:Gateway";

    /// <summary>A cluster.json to follow: its api nodes in state active are destinations, draining ones are drained.</summary>
    public string? ClusterFile { get; set; }

    /// <summary>A fixed list of node URLs (named node-1, node-2, ...), used when no <see cref="ClusterFile"/> is set.</summary>
    public List<string> Destinations { get; set; } = [];

    /// <summary>
    /// How often the cluster file is read again even without a change notification: a watcher can miss the rename that
    /// an atomic write is made of, and this bounds how late the gateway then follows.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(2);

    public GatewayHealthCheckOptions HealthCheck { get; set; } = new();

    public GatewayPassiveOptions Passive { get; set; } = new();

    public GatewayAffinityOptions Affinity { get; set; } = new();

    public GatewayDrainOptions Drain { get; set; } = new();

    public GatewayRetryOptions Retry { get; set; } = new();
}
