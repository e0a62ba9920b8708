using System.Globalization;
using Stadium.Protection.Scraping;

namespace Stadium.Scaling.Tests.Signals;

/// <summary>
/// Metrics text for the signal tests. A node's is captured: node-metrics.txt is what `stadium serve` (embedded store)
/// answered on /metrics a few seconds after its start; a later scrape is the same text with the values a test moves.
/// The gateway's is written in the shape the OpenTelemetry exporter gives the gateway's instruments (its names fixed for
/// issue 16): stadium_gateway_in_flight, stadium_gateway_requests_total, stadium_gateway_request_duration_seconds.
/// </summary>
internal static class Expositions
{
    public static readonly string Node = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Signals", "node-metrics.txt"));

    public static MetricsScrape Scrape(string text, double secondsAfterStart) =>
        MetricsScrape.Parse(text, DateTimeOffset.UnixEpoch.AddSeconds(secondsAfterStart));

    /// <summary>The captured node text with its CPU seconds, working set, and the export queue's depth and age changed.</summary>
    public static string NodeWith(double userCpuSeconds, long workingSet = 142389248, int exportDepth = 0, double exportAge = 0, int pressure = 0) => Node
        .Replace("cpu_mode=\"user\"} 2.483024", $"cpu_mode=\"user\"}} {Number(userCpuSeconds)}", StringComparison.Ordinal)
        .Replace("dotnet_process_memory_working_set_bytes{otel_scope_name=\"System.Runtime\"} 142389248",
            $"dotnet_process_memory_working_set_bytes{{otel_scope_name=\"System.Runtime\"}} {workingSet}", StringComparison.Ordinal)
        .Replace("stadium_jobs_depth{otel_scope_name=\"Stadium.Jobs\",type=\"export.pdf\"} 0",
            $"stadium_jobs_depth{{otel_scope_name=\"Stadium.Jobs\",type=\"export.pdf\"}} {exportDepth}", StringComparison.Ordinal)
        .Replace("stadium_jobs_oldest_age_seconds{otel_scope_name=\"Stadium.Jobs\",type=\"export.pdf\"} 0",
            $"stadium_jobs_oldest_age_seconds{{otel_scope_name=\"Stadium.Jobs\",type=\"export.pdf\"}} {Number(exportAge)}", StringComparison.Ordinal)
        .Replace("stadium_memory_pressure{otel_scope_name=\"Stadium.Memory\"} 0",
            $"stadium_memory_pressure{{otel_scope_name=\"Stadium.Memory\"}} {pressure}", StringComparison.Ordinal);

    /// <summary>
    /// A gateway that has answered <paramref name="ok"/> 200s and <paramref name="failed"/> 503s on GET /v1/feed through
    /// api-1 and api-2, with the given cumulative duration buckets (le 0.025, 0.05, 0.1, +Inf), the seconds they took in
    /// all (the histogram's sum) and requests in flight.
    /// </summary>
    public static string Gateway(int ok, int failed, (int B25, int B50, int B100, int Inf) buckets, int inFlight1 = 0, int inFlight2 = 0, double durationSum = 1.5) => $$"""
        # TYPE stadium_gateway_in_flight gauge
        stadium_gateway_in_flight{otel_scope_name="Stadium.Gateway",node="api-1"} {{inFlight1}}
        stadium_gateway_in_flight{otel_scope_name="Stadium.Gateway",node="api-2"} {{inFlight2}}
        # TYPE stadium_gateway_requests_total counter
        stadium_gateway_requests_total{otel_scope_name="Stadium.Gateway",code="200",node="api-1",route="/v1/feed"} {{ok / 2}}
        stadium_gateway_requests_total{otel_scope_name="Stadium.Gateway",code="200",node="api-2",route="/v1/feed"} {{ok - (ok / 2)}}
        stadium_gateway_requests_total{otel_scope_name="Stadium.Gateway",code="503",node="api-2",route="/v1/feed"} {{failed}}
        # TYPE stadium_gateway_request_duration_seconds histogram
        stadium_gateway_request_duration_seconds_bucket{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed",le="0.025"} {{buckets.B25}}
        stadium_gateway_request_duration_seconds_bucket{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed",le="0.05"} {{buckets.B50}}
        stadium_gateway_request_duration_seconds_bucket{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed",le="0.1"} {{buckets.B100}}
        stadium_gateway_request_duration_seconds_bucket{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed",le="+Inf"} {{buckets.Inf}}
        stadium_gateway_request_duration_seconds_sum{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed"} {{Number(durationSum)}}
        stadium_gateway_request_duration_seconds_count{otel_scope_name="Stadium.Gateway",node="api-1",route="/v1/feed"} {{buckets.Inf}}
        """;

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
