namespace Stadium.Scaling.Loop;

/// <summary>One metric's part in a decision: what it read, its target, the count it proposed (null: none) and what the value is made of.</summary>
public sealed record SignalInput(double? Value, double Target, int? Proposal, string? Detail);
