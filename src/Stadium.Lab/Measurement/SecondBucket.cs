namespace Stadium.Lab.Measurement;

/// <summary>One second of the run: completions in that second and their corrected latency.</summary>
public sealed record SecondBucket(
    int Second,
    long Requests,
    long Errors,
    double P50Ms,
    double P99Ms,
    double MaxMs,
    double ServiceP99Ms,
    IReadOnlyDictionary<string, EndpointSecond> Endpoints)
{
    /// <summary>How long the bucket lasted: 1 s, except the run's tail after its last full second.</summary>
    public double DurationSeconds { get; init; } = 1;

    /// <summary>The phase running when the second closed; null before the first phase began.</summary>
    public string? Phase { get; init; }

    /// <summary>Declared sheds in the bucket: counted in <see cref="Requests"/>, not in <see cref="Errors"/>.</summary>
    public long Shed { get; init; }

    /// <summary>Successful answers in the bucket marked <c>Stadium-Degraded</c> (served stale): not errors.</summary>
    public long Degraded { get; init; }

    /// <summary>Completions per second over the bucket (its requests when it lasted a second).</summary>
    public double RequestsPerSecond => DurationSeconds <= 0 ? 0 : Requests / DurationSeconds;

    /// <summary>Failed requests per second over the bucket.</summary>
    public double ErrorsPerSecond => DurationSeconds <= 0 ? 0 : Errors / DurationSeconds;
}
