using Stadium.Lab.Execution;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Export;

/// <summary>One phase of a scenario as the exported scripts run it, already checked by the lab's own planner.</summary>
/// <param name="Executor">The lab's canonical executor name (aliases such as constant-vus resolved).</param>
/// <param name="StartSeconds">When the phase starts, from the start of the run: the phases before it, end to end.</param>
/// <param name="Start">The rate (open model) or the users (closed model) the first stage starts from.</param>
/// <param name="Stages">Over each stage the rate or the user count moves linearly to its target; a constant phase is one flat stage.</param>
/// <param name="Mix">Journey actions and their weights, in the registry's order; null in generic mode.</param>
/// <param name="Accounts">Closed model with journeys: the distinct accounts of the phase's users, as the lab picks them.</param>
internal sealed record ExportPhase(
    string Name,
    string Executor,
    bool IsOpen,
    double StartSeconds,
    double Start,
    IReadOnlyList<Stage> Stages,
    int MaxInFlight,
    ThinkTime Think,
    TimeSpan GracefulStop,
    IReadOnlyList<KeyValuePair<string, double>>? Mix,
    IReadOnlyList<int>? Accounts)
{
    public double DurationSeconds => Stages.Sum(s => s.Duration.TotalSeconds);

    /// <summary>The highest rate or user count the phase reaches.</summary>
    public double Peak => Stages.Select(s => s.Target).Append(Start).Max();
}
