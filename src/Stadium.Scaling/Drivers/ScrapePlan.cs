using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// The gateway's URL (null: none), every node to scrape by name (the target's members are found among them by name) and
/// the nodes' limits.
/// </summary>
internal sealed record ScrapePlan(string? GatewayUrl, IReadOnlyList<ScrapeNode> Nodes, NodeLimits Limits);
