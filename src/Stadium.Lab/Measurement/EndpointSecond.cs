namespace Stadium.Lab.Measurement;

public sealed record EndpointSecond(long Requests, long Errors, double P50Ms, double P99Ms);
