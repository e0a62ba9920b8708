using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// The results file (results.json). Top level: requests, errors, durationSeconds, requestsPerSecond,
/// and per endpoint the corrected percentiles (from the intended start) with the uncorrected ones
/// (service time, from the actual send) beside them under their own names. Both are of successful
/// answers only; failed requests' latencies are reported apart (failedP50Ms ...). docs/load.md.
/// </summary>
public sealed record LoadResults
{
    public string Tool { get; init; } = "stadium load";

    public required string Mode { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    /// <summary>Requests answered with declared load shedding (503/429 + Retry-After on an endpoint that expects it):
    /// part of <see cref="Requests"/>, never of <see cref="Errors"/>, so <c>errors&lt;x%</c> does not count them.</summary>
    public long Shed { get; init; }

    /// <summary>Successful answers marked <c>Stadium-Degraded</c> (served stale or without a dependency): available, counted apart.</summary>
    public long Degraded { get; init; }

    public required double DurationSeconds { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required long DroppedIterations { get; init; }

    /// <summary>Arrivals the open phases planned (within the duration cap); null when every phase is closed.</summary>
    public long? PlannedArrivals { get; init; }

    /// <summary>Iterations started, in every phase.</summary>
    public long StartedIterations { get; init; }

    /// <summary>Open phases' arrivals started (of <see cref="PlannedArrivals"/>); null when every phase is closed.</summary>
    public long? StartedArrivals { get; init; }

    /// <summary>Open phases: planned arrivals per second, and those started per second (null when no phase is open).</summary>
    public double? OfferedArrivalsPerSecond { get; init; }

    public double? AchievedArrivalsPerSecond { get; init; }

    /// <summary>Each phase's plan beside what it did.</summary>
    public IReadOnlyList<PhaseResult> PhaseRuns { get; init; } = [];

    /// <summary>The load generator's own CPU use over the run, as a share of every core (1 = all busy); null when not measured.</summary>
    public double? GeneratorCpu { get; init; }

    /// <summary>What makes the figures less than they seem (a saturated generator, a cut plan, no request succeeding).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Journey iterations skipped because their account was waiting out a shed login's Retry-After.</summary>
    public long BackedOffIterations { get; init; }

    /// <summary>
    /// Iterations still running when the run ended: their graceful stop ran out (a target that hangs), so they are
    /// neither requests (no answer was recorded) nor dropped (they did start). Every arrival of an open phase is one of
    /// requests, dropped or interrupted.
    /// </summary>
    public long InterruptedIterations { get; init; }

    /// <summary>Iterations the generator could not finish because the workload threw (see <see cref="FirstIterationFailure"/>).</summary>
    public long FailedIterations { get; init; }

    /// <summary>The first of them, as "ExceptionType: message"; null when none failed.</summary>
    public string? FirstIterationFailure { get; init; }

    public required long BytesSent { get; init; }

    public required long BytesReceived { get; init; }

    public required EndpointResult Overall { get; init; }

    public required IReadOnlyDictionary<string, EndpointResult> Endpoints { get; init; }

    public required IReadOnlyList<SecondBucket> Timeline { get; init; }

    public required IReadOnlyList<string> Phases { get; init; }

    /// <summary>Where each phase began (seconds since the start): the boundaries the report's charts mark.</summary>
    public IReadOnlyList<PhaseMark> PhaseMarks { get; init; } = [];

    /// <summary>Faults injected during the run (`stadium chaos run`), shaded on the charts; empty for a plain load run.</summary>
    public IReadOnlyList<FaultBand> FaultBands { get; init; } = [];

    /// <summary>The verdict of the tool that ran the lab (`stadium chaos run`, `stadium rehearse`), shown at the top of the report; empty for a plain load run.</summary>
    public IReadOnlyList<VerdictRow> Verdict { get; init; } = [];

    public IReadOnlyList<string>? Profile { get; init; }

    public long? LedgerEntries { get; init; }

    public IReadOnlyList<ThresholdResult> Thresholds { get; init; } = [];

    /// <summary>The run was stopped early (Ctrl+C, SIGTERM): the figures cover what ran, not the whole plan.</summary>
    public bool Interrupted { get; init; }

    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);
}
