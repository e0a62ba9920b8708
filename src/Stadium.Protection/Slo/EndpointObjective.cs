namespace Stadium.Protection.Slo;

/// <summary>
/// The objectives of one endpoint, as slo.yaml states them: answered within <see cref="Latency"/> at the
/// <see cref="Percentile"/>, and without a server failure for <see cref="Availability"/> of its requests, measured over
/// <see cref="Window"/>. <see cref="Deadline"/> is the time budget a request gets before its work is abandoned.
/// </summary>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Route">The route template as the API maps it: /v1/users/{username}.</param>
/// <param name="Percentile">The latency objective's percentile: 99 for p99, 95 for p95.</param>
/// <param name="Availability">The share of requests that must be good, as a fraction (0.999 for 99.9 %).</param>
/// <param name="Line">Where the file states it, for messages.</param>
public sealed record EndpointObjective(
    string Method, string Route, double Percentile, TimeSpan Latency, double Availability, TimeSpan Window, TimeSpan Deadline, int Line = 0)
{
    /// <summary>"GET /v1/feed": how the file, the metrics and the messages name the endpoint.</summary>
    public string Name => $"{Method} {Route}";

    /// <summary>The share of requests allowed to be bad (1 - availability): what a burn rate of 1 spends in exactly one window.</summary>
    public double ErrorBudget => 1 - Availability;
}
