namespace Stadium.Gateway.Dashboard;

/// <summary>The live dashboard's settings, section <c>Stadium:Gateway:Dashboard</c>.</summary>
public sealed class FleetDashboardOptions
{
    public const string Section = "Stadium:Gateway:Dashboard";

    /// <summary>How often every node is scraped and a snapshot is added: one a second, the page's time resolution.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back a page opened late can see: 15 minutes is 900 snapshots, a few megabytes at most.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long one node's /metrics or /health/ready may take before the node counts as not answering.</summary>
    public TimeSpan ScrapeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Snapshots kept: the history over the interval, at least one.</summary>
    internal int Capacity => (int)Math.Max(1, Math.Ceiling(History / Interval));
}
