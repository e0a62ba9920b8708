namespace Stadium.Gateway;

/// <summary>
/// One node in GET /gateway/destinations: its state in the cluster (active or draining), whether it is healthy (neither
/// the probe nor real requests took it out), requests in flight on it now, requests it answered, and whether its last
/// probe answered "Degraded" (it keeps its sticky clients and takes no new ones while another node is fine).
/// </summary>
public sealed record DestinationView(string Name, string Url, string State, bool Healthy, int InFlight, long Requests,
    bool Degraded = false);
