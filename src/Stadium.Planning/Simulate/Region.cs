namespace Stadium.Planning.Simulate;

/// <summary>A region of users: its share of them and the round-trip time from its nodes to the primary database's region (0 for the primary's own).</summary>
internal sealed record Region(string Name, double UserShare, double RttMs);
