namespace Stadium.Planning.Simulate;

/// <summary>A simulation's setup, each policy's outcome in the order the policies were given, and the regions' costs when asked for.</summary>
internal sealed record SimulationResults(SimulationSetup Setup, IReadOnlyList<PolicyOutcome> Outcomes, IReadOnlyList<RegionCost>? Regions = null);
