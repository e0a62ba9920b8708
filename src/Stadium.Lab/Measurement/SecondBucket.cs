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
    IReadOnlyDictionary<string, EndpointSecond> Endpoints);

public sealed record EndpointSecond(long Requests, long Errors, double P50Ms, double P99Ms);
