namespace Stadium.Gateway.Options;

/// <summary>"Stadium:Gateway:HealthCheck": the active probe of every node's readiness.</summary>
public sealed class GatewayHealthCheckOptions
{
    /// <summary>Time between probes: a node that stops being ready leaves rotation within one interval.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A probe without an answer by then counts as not ready.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The node's readiness path (application-level readiness, not just a listening socket).</summary>
    public string Path { get; set; } = "/health/ready";
}
