using Stadium.Lab.Execution;

namespace Stadium.Lab.Reports;

/// <summary>Each phase's plan beside what it did, from the counters marked when each phase began.</summary>
internal static class PhaseResults
{
    /// <param name="cap">The run's duration cap (--duration): a phase past it is planned as far as the cap reaches.</param>
    public static IReadOnlyList<PhaseResult> From(RunOutcome outcome, TimeSpan? cap)
    {
        var m = outcome.Measurements;
        var marks = m.PhaseStarts;
        var results = new List<PhaseResult>();
        var plannedStart = TimeSpan.Zero;
        for (var i = 0; i < outcome.Phases.Count; i++)
        {
            var phase = outcome.Phases[i];
            var capped = cap is { } c ? Clamp(c - plannedStart, phase.Duration) : phase.Duration;
            plannedStart += phase.Duration;
            var mark = marks.FirstOrDefault(k => k.Index == i);
            var next = marks.FirstOrDefault(k => k.Index == i + 1);
            var started = mark is null ? 0 : (next?.Started ?? m.StartedIterations) - mark.Started;
            var ran = mark is null ? TimeSpan.Zero : (next?.At ?? outcome.Elapsed) - mark.At;
            long? planned = phase.IsOpen ? phase.Arrivals!.ArrivalsBefore(capped) : null;
            results.Add(new PhaseResult
            {
                Name = phase.Name,
                Executor = phase.Executor.Name,
                Ran = mark is not null,
                PlannedSeconds = phase.Duration.TotalSeconds,
                CappedSeconds = capped.TotalSeconds,
                PlannedArrivals = planned,
                Started = started,
                Dropped = mark is null ? 0 : (next?.Dropped ?? m.DroppedIterations) - mark.Dropped,
                BackedOff = mark is null ? 0 : (next?.BackedOff ?? m.BackedOffIterations) - mark.BackedOff,
                OfferedPerSecond = planned is { } p && capped > TimeSpan.Zero ? p / capped.TotalSeconds : null,
                AchievedPerSecond = Rate(started, ran, capped),
            });
        }

        return results;
    }

    // Over the schedule's time: the graceful stop after it is the tail finishing, not more arrivals. A phase stopped
    // early (Ctrl+C) ran for less than its schedule.
    private static double Rate(long started, TimeSpan ran, TimeSpan capped)
    {
        var over = capped > TimeSpan.Zero && capped < ran ? capped : ran;
        return over > TimeSpan.Zero ? started / over.TotalSeconds : 0;
    }

    private static TimeSpan Clamp(TimeSpan left, TimeSpan duration) =>
        left <= TimeSpan.Zero ? TimeSpan.Zero : left < duration ? left : duration;
}
