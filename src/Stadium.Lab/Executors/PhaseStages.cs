using Stadium.Lab.Scenarios;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Executors;

/// <summary>The <c>stages:</c> of a ramping phase.</summary>
internal static class PhaseStages
{
    /// <param name="checkTarget">How a stage's target is checked: a rate for arrival-rate executors, a user count for user executors.</param>
    public static Stage[] Read(PhaseFile spec, string phase, string executor, Func<double, string, double> checkTarget)
    {
        if (spec.Stages is not { Count: > 0 } stages)
        {
            throw new FormatException($"{phase}: {executor} needs 'stages'.");
        }

        var parsed = stages
            .Select((s, i) => new Stage(DurationText.Parse(s.Duration), checkTarget(s.Target, $"{phase}: stage {i + 1} target")))
            .ToArray();
        InputCheck.LongerThanZero(TimeSpan.FromTicks(parsed.Sum(s => s.Duration.Ticks)), $"{phase}: the stages' total duration");
        return parsed;
    }
}
