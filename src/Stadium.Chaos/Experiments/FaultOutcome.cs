namespace Stadium.Chaos.Experiments;

/// <summary>
/// One fault as it ran. <see cref="RecoverySeconds"/>: from its end to the first second after which the SLO's latency and
/// error objectives held for 10 s (null when they never did before the load ended, or there was no load).
/// <see cref="Availability"/>: the share of requests answered without an error while it lasted (null without load).
/// </summary>
public sealed record FaultOutcome(string Kind, string Target, string Describe, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt)
{
    public double? RecoverySeconds { get; init; }

    public double? Availability { get; init; }

    /// <summary>Why it could not be started or reverted; null when it ran as planned.</summary>
    public string? Error { get; init; }
}
