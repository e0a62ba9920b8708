namespace Stadium.Lab.Measurement;

/// <param name="Shed">Declared sheds (503/429 + Retry-After where expected): in <paramref name="Requests"/>, not in <paramref name="Errors"/>.</param>
public sealed record EndpointSecond(long Requests, long Errors, double P50Ms, double P99Ms, long Shed = 0);
