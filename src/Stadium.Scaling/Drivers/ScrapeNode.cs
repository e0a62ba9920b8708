namespace Stadium.Scaling.Drivers;

/// <summary>A process whose /metrics is read: its name (a member's name) and base URL.</summary>
internal sealed record ScrapeNode(string Name, string Url);
