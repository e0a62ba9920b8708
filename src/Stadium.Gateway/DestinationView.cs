namespace Stadium.Gateway;

/// <summary>
/// One node in GET /gateway/destinations: its state in the cluster (active or draining), whether it is healthy (neither
/// the probe nor real requests took it out), requests in flight on it now and requests it answered.
/// </summary>
public sealed record DestinationView(string Name, string Url, string State, bool Healthy, int InFlight, long Requests);
