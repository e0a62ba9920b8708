namespace Stadium.Infra.Fleet;

/// <summary>One entry of the gateway's <c>GET /gateway/destinations</c>.</summary>
internal sealed record GatewayDestination(string Name, string Url, string State, bool Healthy, int InFlight, long Requests);
