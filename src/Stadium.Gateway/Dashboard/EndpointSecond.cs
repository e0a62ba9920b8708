namespace Stadium.Gateway.Dashboard;

/// <summary>One endpoint (method and route template) over the fleet in one snapshot; latencies null when it had no requests.</summary>
internal sealed record EndpointSecond(
    string Name, double RequestsPerSecond, double ErrorsPerSecond, double ShedPerSecond, double RateLimitedPerSecond, double? P50Ms, double? P95Ms, double? P99Ms);
