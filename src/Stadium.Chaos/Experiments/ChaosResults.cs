using Stadium.Lab.Reports;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// results.json of `stadium chaos run`: <see cref="Passed"/> (exit 0 only when true) and, when it is false,
/// <see cref="Reasons"/>; the hypothesis before, during and after; each fault with its recovery; the writes and jobs
/// verdicts; the rollbacks; and the lab's own results with the faults as bands.
/// </summary>
public sealed record ChaosResults
{
    public string Tool { get; init; } = "stadium chaos run";

    public required string Experiment { get; init; }

    public required string Source { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required bool Passed { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];

    public bool Interrupted { get; init; }

    /// <summary>How long the hypothesis's requests were sent, unmeasured, before the check before (<see cref="Experiment.Warmup"/>).</summary>
    public double WarmupSeconds { get; init; }

    public required HypothesisResults Hypothesis { get; init; }

    public IReadOnlyList<FaultOutcome> Faults { get; init; } = [];

    public WritesVerdict? Writes { get; init; }

    public JobsVerdict? Jobs { get; init; }

    public IReadOnlyList<RollbackResult> Rollbacks { get; init; } = [];

    public LoadResults? Load { get; init; }
}
