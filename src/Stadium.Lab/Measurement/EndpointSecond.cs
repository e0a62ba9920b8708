namespace Stadium.Lab.Measurement;

/// <summary>
/// One endpoint in one second: its completions, failures and the successful answers' corrected percentiles, with the
/// p95 and the service-time p99 beside them.
/// </summary>
/// <param name="Shed">Declared sheds (503/429 + Retry-After where expected): in <paramref name="Requests"/>, not in <paramref name="Errors"/>.</param>
public sealed record EndpointSecond(long Requests, long Errors, double P50Ms, double P99Ms, long Shed = 0)
{
    public double P95Ms { get; init; }

    /// <summary>p99 of the successful answers' service time (from the actual send, not the intended start).</summary>
    public double ServiceP99Ms { get; init; }

    /// <summary>Successful answers marked <c>Stadium-Degraded</c> (served stale): available, and counted apart.</summary>
    public long Degraded { get; init; }
}
