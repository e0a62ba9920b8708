namespace Stadium.Lab.Reports;

/// <summary>
/// One phase as it ran, beside its plan: the arrivals an open phase planned (within the run's duration cap), the
/// iterations it started and, of the planned ones, those dropped (no free slot) or backed off (an account waiting out
/// a shed login's Retry-After; started, sent nothing). Offered and achieved are arrivals per second over the phase.
/// </summary>
public sealed record PhaseResult
{
    public required string Name { get; init; }

    public required string Executor { get; init; }

    /// <summary>False when the run's time was up (its duration cap, or earlier phases running long) before this phase began.</summary>
    public required bool Ran { get; init; }

    /// <summary>The phase's length in the plan, and what the run's cap left of it (0 when it never started).</summary>
    public required double PlannedSeconds { get; init; }

    public required double CappedSeconds { get; init; }

    /// <summary>Open phases: arrivals the schedule holds before the cap; null for closed (user) phases.</summary>
    public long? PlannedArrivals { get; init; }

    public required long Started { get; init; }

    public required long Dropped { get; init; }

    public required long BackedOff { get; init; }

    /// <summary>Open phases: planned arrivals per second of the capped phase.</summary>
    public double? OfferedPerSecond { get; init; }

    /// <summary>Iterations started per second of the phase as it ran.</summary>
    public required double AchievedPerSecond { get; init; }
}
