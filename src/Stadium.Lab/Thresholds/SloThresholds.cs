using System.Globalization;
using Stadium.Lab.Reports;
using Stadium.Protection.Slo;

namespace Stadium.Lab.Thresholds;

/// <summary>
/// An SLO file's objectives as a run's thresholds (`stadium load --slo`): for each endpoint the run hit whose method and
/// path match one of the file's route templates, its latency objective (p99 or p95, at most) and its error budget
/// (errors at most 100 % - availability). Endpoints the run did not hit, or the file does not list, get none: a run
/// of three endpoints is not failed for the fourteen it never called.
/// </summary>
internal static class SloThresholds
{
    /// <param name="endpoints">The run's endpoints: their names in the results, methods, and paths or route templates.</param>
    public static IReadOnlyList<Threshold> For(SloObjectives slo, IEnumerable<(string Name, string Method, string Path)> endpoints, LoadResults results) =>
        For(slo, endpoints.Where(e => results.Endpoints.GetValueOrDefault(e.Name) is { Requests: > 0 }));

    /// <summary>The objectives of every endpoint given that the file lists, whether or not a run has hit it yet (an exported script's gates).</summary>
    public static IReadOnlyList<Threshold> For(SloObjectives slo, IEnumerable<(string Name, string Method, string Path)> endpoints)
    {
        var thresholds = new List<Threshold>();
        foreach (var (name, method, path) in endpoints)
        {
            if (slo.Match(method, PathOf(path)) is not { } objective)
            {
                continue;
            }

            var percentile = objective.Percentile.ToString("0.###", CultureInfo.InvariantCulture);
            var latencyMs = objective.Latency.TotalMilliseconds;
            var budget = objective.ErrorBudget;
            var source = $"(slo: {objective.Name})";
            thresholds.Add(new Threshold(
                $"{name}: p{percentile}<={latencyMs.ToString("0.###", CultureInfo.InvariantCulture)}ms {source}", name, ThresholdMetric.Percentile,
                objective.Percentile, Comparison.LessOrEqual, latencyMs));
            thresholds.Add(new Threshold(
                $"{name}: errors<={(budget * 100).ToString("0.###", CultureInfo.InvariantCulture)}% {source}", name, ThresholdMetric.ErrorRate, 0,
                Comparison.LessOrEqual, budget));
        }

        return thresholds;
    }

    /// <summary>The path of an absolute URL; a relative one (a scenario's request or a route template) as it is.</summary>
    private static string PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal) ? absolute.AbsolutePath : url;
}
