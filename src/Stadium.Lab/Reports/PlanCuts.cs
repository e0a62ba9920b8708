using System.Globalization;
using Stadium.Lab.Execution;

namespace Stadium.Lab.Reports;

/// <summary>
/// What a duration cap (--duration shorter than the phases) leaves out, said before any traffic: a phase cut off
/// sends nothing, so a threshold on an endpoint only it reaches fails with "no requests".
/// </summary>
internal static class PlanCuts
{
    /// <returns>The warning, or null when every phase runs whole.</returns>
    public static string? Describe(IReadOnlyList<PhasePlan> phases, TimeSpan cap)
    {
        var total = TimeSpan.FromTicks(phases.Sum(p => p.Duration.Ticks));
        if (cap >= total)
        {
            return null;
        }

        var cuts = new List<string>();
        var start = TimeSpan.Zero;
        foreach (var phase in phases)
        {
            var end = start + phase.Duration;
            if (start >= cap)
            {
                cuts.Add($"{phase.Name} does not run");
            }
            else if (end > cap)
            {
                cuts.Add(string.Create(CultureInfo.InvariantCulture, $"{phase.Name} is cut to {(cap - start).TotalSeconds:0.#} s of {phase.Duration.TotalSeconds:0.#} s"));
            }

            start = end;
        }

        return string.Create(CultureInfo.InvariantCulture, $"--duration {cap.TotalSeconds:0.#} s is shorter than the phases ({total.TotalSeconds:0.#} s): ")
            + string.Join(", ", cuts)
            + ". Thresholds on endpoints only those phases reach fail for want of requests; leave out --duration to run the whole plan.";
    }
}
