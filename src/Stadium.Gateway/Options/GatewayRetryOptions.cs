namespace Stadium.Gateway.Options;

/// <summary>"Stadium:Gateway:Retry": retries of idempotent reads on another node, under a budget.</summary>
public sealed class GatewayRetryOptions
{
    /// <summary>Retries as a share of requests over the last 10 s (0.1: one retry per ten requests); 0 turns retries off.</summary>
    public double Budget { get; set; } = 0.1;

    /// <summary>Retries allowed per second whatever the traffic, so a quiet gateway can still retry a rare failure.</summary>
    public double MinPerSecond { get; set; } = 5;
}
