namespace Stadium.Gateway.Options;

/// <summary>"Stadium:Gateway:Passive": what real requests say about a node between probes.</summary>
public sealed class GatewayPassiveOptions
{
    /// <summary>Transport failures in a row (refused connection, reset, timeout) that take a node out of rotation.</summary>
    public int ConsecutiveFailures { get; set; } = 3;

    /// <summary>How long a node taken out by failures stays out before it is tried again.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(10);
}
