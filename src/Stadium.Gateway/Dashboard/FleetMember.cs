namespace Stadium.Gateway.Dashboard;

/// <summary>A node the dashboard scrapes: api or worker, and its cluster state (starting, active, draining; active for a static destination).</summary>
internal sealed record FleetMember(string Name, string Role, Uri Url, string State);
