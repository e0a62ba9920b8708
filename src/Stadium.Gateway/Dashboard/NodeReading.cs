using Stadium.Protection.Scraping;

namespace Stadium.Gateway.Dashboard;

/// <summary>What one node answered at one snapshot: its /metrics (null when it did not answer) and whether it was ready.</summary>
internal sealed record NodeReading(FleetMember Member, MetricsScrape? Scrape, bool Ready);
