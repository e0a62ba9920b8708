namespace Stadium.Chaos.Experiments;

/// <summary>One probe's answer: within tolerance or not, and what was measured.</summary>
public sealed record ProbeResult(string Name, bool Passed, string Detail);
