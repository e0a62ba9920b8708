namespace Stadium.Gateway.Dashboard;

/// <summary>A dependency's breaker across the nodes: the worst state any node reports, and on how many nodes it is not closed.</summary>
/// <param name="State">closed, half-open, open or isolated.</param>
internal sealed record BreakerSecond(string Dependency, string State, int NotClosedOn);
