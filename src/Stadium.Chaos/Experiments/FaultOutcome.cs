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

    /// <summary>The share of the successful answers while it lasted that the service marked <c>Stadium-Degraded</c> (served
    /// stale or without the dependency): they count as available, and this says how many there were (null without load).</summary>
    public double? DegradedShare { get; init; }

    /// <summary>Why it could not be started or reverted; null when it ran as planned.</summary>
    public string? Error { get; init; }
}
