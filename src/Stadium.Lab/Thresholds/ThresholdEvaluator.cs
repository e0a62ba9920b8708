using System.Globalization;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Thresholds;

/// <summary>
/// Checks thresholds against a run's results. A threshold naming an endpoint that saw no traffic
/// fails: a gate that silently passes because nothing was measured is no gate. Latency conditions
/// read successful answers' latency (failed requests count in errors, not in percentiles), so a
/// latency condition on an endpoint whose every request failed fails too.
/// </summary>
internal static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IEnumerable<Threshold> thresholds, LoadResults results) =>
        [.. thresholds.Select(t => Evaluate(t, results))];

    public static ThresholdResult Evaluate(Threshold threshold, LoadResults results)
    {
        var endpoint = threshold.Scope.Equals(Threshold.AllScope, StringComparison.OrdinalIgnoreCase) || threshold.Scope == "*"
            ? results.Overall
            : results.Endpoints.GetValueOrDefault(threshold.Scope);
        var metric = MetricName(threshold);
        if (endpoint is null || endpoint.Requests == 0)
        {
            return new ThresholdResult(threshold.Expression, threshold.Scope, metric, threshold.Limit, null, false, $"no requests to '{threshold.Scope}'");
        }

        // Latency figures are of successful answers only: with none, a latency gate has nothing to pass on.
        if (threshold.Metric is ThresholdMetric.Percentile or ThresholdMetric.Max or ThresholdMetric.Mean && endpoint.Requests == endpoint.Errors)
        {
            return new ThresholdResult(threshold.Expression, threshold.Scope, metric, threshold.Limit, null, false, $"no successful requests to '{threshold.Scope}'");
        }

        var actual = threshold.Metric switch
        {
            ThresholdMetric.Percentile => endpoint.Corrected is { Count: > 0 } histogram
                ? histogram.PercentileMs(threshold.Percentile)
                : PercentileMs(endpoint, threshold.Percentile),
            ThresholdMetric.Max => endpoint.MaxMs,
            ThresholdMetric.Mean => endpoint.MeanMs,
            ThresholdMetric.ErrorRate => endpoint.ErrorRate,
            ThresholdMetric.ErrorCount => endpoint.Errors,
            ThresholdMetric.RequestsPerSecond => endpoint.RequestsPerSecond,
            _ => endpoint.Requests,
        };
        var passed = threshold.IsMet(actual);
        var shown = threshold.Metric switch
        {
            ThresholdMetric.ErrorRate => actual.ToString("P3", CultureInfo.InvariantCulture),
            ThresholdMetric.Percentile or ThresholdMetric.Max or ThresholdMetric.Mean => actual.ToString("0.###", CultureInfo.InvariantCulture) + " ms",
            _ => actual.ToString("0.##", CultureInfo.InvariantCulture),
        };
        return new ThresholdResult(threshold.Expression, threshold.Scope, metric, threshold.Limit, actual, passed, $"{metric} = {shown}");
    }

    private static string MetricName(Threshold t) => t.Metric switch
    {
        ThresholdMetric.Percentile => "p" + t.Percentile.ToString("0.###", CultureInfo.InvariantCulture),
        ThresholdMetric.Max => "max",
        ThresholdMetric.Mean => "mean",
        ThresholdMetric.ErrorRate => "errorRate",
        ThresholdMetric.ErrorCount => "errors",
        ThresholdMetric.RequestsPerSecond => "rps",
        _ => "requests",
    };

    /// <summary>Results read back from a file keep only the usual percentiles; others fall back to the nearest kept one at or above.</summary>
    private static double PercentileMs(EndpointResult e, double p) => p switch
    {
        <= 50 => e.P50Ms,
        <= 90 => e.P90Ms,
        <= 95 => e.P95Ms,
        <= 99 => e.P99Ms,
        <= 99.9 => e.P999Ms,
        _ => e.MaxMs,
    };
}
