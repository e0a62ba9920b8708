using System.Text.Json.Serialization;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

public sealed record EndpointResult
{
    public required string Method { get; init; }

    public required string Route { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    public required double ErrorRate { get; init; }

    /// <summary>Declared load shedding (503/429 + Retry-After where the scenario expects it): in requests, not in errors.</summary>
    public long Shed { get; init; }

    /// <summary>Successful answers marked <c>Stadium-Degraded</c> (served stale or without a dependency): available, counted apart.</summary>
    public long Degraded { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double P50Ms { get; init; }

    public required double P90Ms { get; init; }

    public required double P95Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double P999Ms { get; init; }

    public required double MaxMs { get; init; }

    public required double MeanMs { get; init; }

    public required double UncorrectedP50Ms { get; init; }

    public required double UncorrectedP90Ms { get; init; }

    public required double UncorrectedP95Ms { get; init; }

    public required double UncorrectedP99Ms { get; init; }

    public required double UncorrectedP999Ms { get; init; }

    public required double UncorrectedMaxMs { get; init; }

    public required double UncorrectedMeanMs { get; init; }

    /// <summary>Failed requests (error statuses, timeouts, resets): latency from the intended start, kept out of the figures above.</summary>
    public double FailedP50Ms { get; init; }

    public double FailedP99Ms { get; init; }

    public double FailedMaxMs { get; init; }

    /// <summary>Time waiting for a free connection before the send (HttpClient engine; 0 where not measured). Part of the corrected latency, not of the service time.</summary>
    public double ConnectionWaitP50Ms { get; init; }

    public double ConnectionWaitP99Ms { get; init; }

    public double ConnectionWaitMaxMs { get; init; }

    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }

    public required IReadOnlyDictionary<string, long> ErrorKinds { get; init; }

    public required long BytesSent { get; init; }

    public required long BytesReceived { get; init; }

    /// <summary>The corrected histogram itself while the run is in memory, so a threshold at any percentile
    /// (p75, p99.99) is read exactly rather than from the nearest kept one. Not written to results.json.</summary>
    [JsonIgnore]
    internal LatencyHistogram? Corrected { get; init; }

    /// <param name="corrected">Successful answers, from the intended start.</param>
    /// <param name="service">Successful answers, from the send.</param>
    /// <param name="failed">Failed requests, from the intended start.</param>
    /// <param name="connectionWait">Every request's wait for a free connection.</param>
    internal static EndpointResult From(
        string method, string route, long requests, long errors, double seconds, LatencyHistogram corrected, LatencyHistogram service,
        IReadOnlyDictionary<string, long> statuses, IReadOnlyDictionary<string, long> errorKinds, long sent, long received, LatencyHistogram? failed = null,
        LatencyHistogram? connectionWait = null, long shed = 0, long degraded = 0)
    {
        var c = corrected.Summary();
        var s = service.Summary();
        return new EndpointResult
        {
            Method = method,
            Route = route,
            Requests = requests,
            Errors = errors,
            ErrorRate = requests == 0 ? 0 : (double)errors / requests,
            Shed = shed,
            Degraded = degraded,
            RequestsPerSecond = seconds <= 0 ? 0 : requests / seconds,
            P50Ms = c.P50Ms,
            P90Ms = c.P90Ms,
            P95Ms = c.P95Ms,
            P99Ms = c.P99Ms,
            P999Ms = c.P999Ms,
            MaxMs = c.MaxMs,
            MeanMs = c.MeanMs,
            Corrected = corrected,
            UncorrectedP50Ms = s.P50Ms,
            UncorrectedP90Ms = s.P90Ms,
            UncorrectedP95Ms = s.P95Ms,
            UncorrectedP99Ms = s.P99Ms,
            UncorrectedP999Ms = s.P999Ms,
            UncorrectedMaxMs = s.MaxMs,
            UncorrectedMeanMs = s.MeanMs,
            FailedP50Ms = failed?.PercentileMs(50) ?? 0,
            FailedP99Ms = failed?.PercentileMs(99) ?? 0,
            FailedMaxMs = failed?.MaxMs ?? 0,
            ConnectionWaitP50Ms = connectionWait?.PercentileMs(50) ?? 0,
            ConnectionWaitP99Ms = connectionWait?.PercentileMs(99) ?? 0,
            ConnectionWaitMaxMs = connectionWait?.MaxMs ?? 0,
            StatusCodes = statuses,
            ErrorKinds = errorKinds,
            BytesSent = sent,
            BytesReceived = received,
        };
    }
}
