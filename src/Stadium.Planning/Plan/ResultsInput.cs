using Stadium.Lab.Reports;

namespace Stadium.Planning.Plan;

/// <summary>A lab results file the plan reads, and how the plan names it ("bench/capacity/feed-1core.json").</summary>
public sealed record ResultsInput(string Name, LoadResults Results);
