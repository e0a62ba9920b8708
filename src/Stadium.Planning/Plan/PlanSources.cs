namespace Stadium.Planning.Plan;

/// <summary>The inputs a plan was made from: the results files, the SLO file, the journey mix, and every assumption
/// with its value and source.</summary>
public sealed record PlanSources(IReadOnlyList<string> ResultsFiles, string Slo, string Journey, IReadOnlyDictionary<string, Sourced> Assumptions);
