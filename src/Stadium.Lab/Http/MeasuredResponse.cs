using Stadium.Lab.Measurement;

namespace Stadium.Lab.Http;

/// <summary>
/// An answer as the generator saw it. <see cref="Body"/> is kept only when asked for, and with it <see cref="Consistency"/>:
/// the read-your-writes token (<see cref="ConsistencyHeader"/>) the Stadium API puts on a write's answer when its reads may
/// come from a replica, which the write ledger records.
/// </summary>
internal readonly record struct MeasuredResponse(int Status, ErrorKind Error, byte[]? Body, TimeSpan? RetryAfter, string? Consistency = null)
{
    public const string ConsistencyHeader = "Stadium-Consistency";

    /// <summary>What the Stadium API puts on an answer served without one of its dependencies (a stale read, say).</summary>
    public const string DegradedHeader = "Stadium-Degraded";

    public bool IsSuccess => Error == ErrorKind.None && Status is >= 200 and < 300;
}
