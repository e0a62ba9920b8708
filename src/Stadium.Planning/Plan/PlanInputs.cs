using Stadium.Protection.Slo;

namespace Stadium.Planning.Plan;

/// <summary>What a plan is made from: the MAU, the measured results files, the SLO file, the journey mix and the
/// assumptions in force.</summary>
public sealed record PlanInputs(long Mau, IReadOnlyList<ResultsInput> Results, SloObjectives Slo, JourneyWeights Journey, PlanAssumptions Assume)
{
    /// <summary>The default plan's inputs for <paramref name="mau"/>: the committed results files, the built-in slo.yaml,
    /// the lab's default mix, the default assumptions.</summary>
    public static PlanInputs Defaults(long mau) => new(mau, ResultsFiles.BuiltIn(), SloFileParser.BuiltIn, JourneyWeights.Default, new PlanAssumptions());
}
