namespace Stadium.Lab.Measurement;

/// <summary>
/// One endpoint in one second: its completions, failures and the successful answers' corrected percentiles, with the
/// p95, the service-time p99 and the sheds (503 answers: the server refusing work with Retry-After) beside them.
/// </summary>
public sealed record EndpointSecond(long Requests, long Errors, double P50Ms, double P99Ms)
{
    public double P95Ms { get; init; }

    /// <summary>p99 of the successful answers' service time (from the actual send, not the intended start).</summary>
    public double ServiceP99Ms { get; init; }

    /// <summary>503 answers in the second (also counted in <see cref="Errors"/> unless the endpoint expects them).</summary>
    public long Shed { get; init; }
}
