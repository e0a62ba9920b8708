namespace Stadium.Chaos.Experiments;

/// <summary>The lab's scenario run throughout the experiment; <see cref="Duration"/> caps it (default: until 20 s after the last fault ends).</summary>
public sealed record LoadSpec(string Scenario, TimeSpan? Duration);
