using Stadium.Chaos.Experiments;
using Stadium.Lab.Reports;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// results.json of `stadium rehearse`: <see cref="Passed"/> (exit 0 only when true) and <see cref="Gates"/>, each met or
/// missed with its figure (<see cref="Reasons"/> repeats the missed ones); the plan (the MAU's rates, the scale, the
/// phases), the faults as drawn and as they ran, the SLO per endpoint outside the faults, the shed share, the scale
/// events, the writes and jobs verdicts, and the lab's own results with the faults as bands.
/// </summary>
public sealed record RehearsalResults
{
    public string Tool { get; init; } = "stadium rehearse";

    public required long Mau { get; init; }

    public required double DurationSeconds { get; init; }

    public required int Seed { get; init; }

    /// <summary>The MAU's rates were divided by this; <see cref="ScaleGiven"/> false when the rehearsal chose it.</summary>
    public required double Scale { get; init; }

    public required bool ScaleGiven { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required bool Passed { get; init; }

    public bool Interrupted { get; init; }

    public required IReadOnlyList<RehearsalGate> Gates { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public required RehearsalPlan Plan { get; init; }

    public IReadOnlyList<string> SkippedFaults { get; init; } = [];

    public IReadOnlyList<FaultOutcome> Faults { get; init; } = [];

    public IReadOnlyList<EndpointSlo> Slo { get; init; } = [];

    public ShedShare? Shed { get; init; }

    public int? AutoscalerRounds { get; init; }

    public IReadOnlyList<ScaleEvent> ScaleEvents { get; init; } = [];

    public WritesVerdict? Writes { get; init; }

    public JobsVerdict? Jobs { get; init; }

    public HypothesisResults? Hypothesis { get; init; }

    /// <summary>The folder the cluster ran in (removed after the run unless --data named it).</summary>
    public string? ClusterFolder { get; init; }

    public LoadResults? Load { get; init; }
}
