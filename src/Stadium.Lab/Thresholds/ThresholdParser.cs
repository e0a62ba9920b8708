using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadium.Lab.Thresholds;

/// <summary>
/// Parses the compact threshold syntax: <c>SCOPE: CONDITION[, CONDITION...]</c>, where SCOPE is an
/// endpoint name or "all" (also the default when no scope is given) and CONDITION is one of
/// <c>p99&lt;50ms</c>, <c>p(95)&lt;=300ms</c>, <c>p99.9&lt;1s</c>, <c>max&lt;2s</c>, <c>mean&lt;20ms</c>,
/// <c>errors&lt;0.1%</c> (rate), <c>errors&lt;5</c> (count; a fraction without % is refused), <c>rps&gt;1000</c>,
/// <c>requests&gt;=100</c>. Latency units: us, ms (default), s. The scope ends at the last colon, so endpoint names
/// may hold one.
/// </summary>
internal static partial class ThresholdParser
{
    public static IReadOnlyList<Threshold> Parse(string expression)
    {
        var text = expression.Trim();
        var scope = Threshold.AllScope;
        // The last colon: conditions never hold one, while endpoint names may (a request list's default name for an
        // absolute URL is "GET http://host:port/path").
        var colon = text.LastIndexOf(':');
        if (colon >= 0)
        {
            scope = text[..colon].Trim();
            text = text[(colon + 1)..];
            if (scope.Length == 0)
            {
                throw new FormatException($"Threshold '{expression}': the name before ':' is empty.");
            }
        }

        var conditions = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (conditions.Length == 0)
        {
            throw new FormatException($"Threshold '{expression}' has no condition.");
        }

        return [.. conditions.Select(c => ParseCondition(expression, scope, c))];
    }

    public static IReadOnlyList<Threshold> ParseAll(IEnumerable<string> expressions) => [.. expressions.SelectMany(Parse)];

    private static Threshold ParseCondition(string expression, string scope, string condition)
    {
        var match = ConditionPattern().Match(condition);
        if (!match.Success)
        {
            throw new FormatException($"Threshold '{expression}': cannot read '{condition}'; expected e.g. p99<50ms, errors<0.1%, rps>100.");
        }

        var metricText = match.Groups["metric"].Value.ToLowerInvariant();
        var comparison = match.Groups["op"].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            ">" => Comparison.Greater,
            _ => Comparison.GreaterOrEqual,
        };
        var number = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var unit = match.Groups["unit"].Value.ToLowerInvariant();
        var (metric, percentile) = ParseMetric(expression, metricText);

        double limit;
        switch (metric)
        {
            case ThresholdMetric.Percentile or ThresholdMetric.Max or ThresholdMetric.Mean:
                limit = unit switch
                {
                    "" or "ms" => number,
                    "us" or "µs" => number / 1000,
                    "s" => number * 1000,
                    _ => throw new FormatException($"Threshold '{expression}': '{unit}' is not a time unit (us, ms, s)."),
                };
                break;
            case ThresholdMetric.ErrorCount when unit == "%":
                metric = ThresholdMetric.ErrorRate;
                limit = number / 100;
                break;
            case ThresholdMetric.ErrorCount when unit.Length == 0 && number != Math.Floor(number):
                // k6 users write rate<0.01 for a 1 % error rate; here that would silently demand zero failed requests.
                throw new FormatException(
                    $"Threshold '{expression}': '{condition}' is a count of failed requests, which has no fraction; for a share write e.g. {metricText}<{(number * 100).ToString("0.###", CultureInfo.InvariantCulture)}%.");
            default:
                if (unit.Length > 0)
                {
                    throw new FormatException($"Threshold '{expression}': '{metricText}' takes no unit '{unit}'.");
                }

                limit = number;
                break;
        }

        return new Threshold(expression.Trim(), scope, metric, percentile, comparison, limit);
    }

    private static (ThresholdMetric Metric, double Percentile) ParseMetric(string expression, string metric)
    {
        switch (metric)
        {
            case "max":
                return (ThresholdMetric.Max, 100);
            case "mean" or "avg":
                return (ThresholdMetric.Mean, 0);
            case "errors" or "error" or "failures":
                return (ThresholdMetric.ErrorCount, 0);
            case "rps" or "rate":
                return (ThresholdMetric.RequestsPerSecond, 0);
            case "requests" or "count":
                return (ThresholdMetric.Requests, 0);
        }

        var digits = metric.StartsWith("p(", StringComparison.Ordinal) && metric.EndsWith(')')
            ? metric[2..^1]
            : metric.StartsWith('p') ? metric[1..] : null;
        if (digits is null || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
        {
            throw new FormatException($"Threshold '{expression}': unknown metric '{metric}'.");
        }

        // p999 means 99.9, as in wrk2's and HdrHistogram's reports; p9999 means 99.99.
        if (!digits.Contains('.', StringComparison.Ordinal) && digits.Length > 2 && digits.All(c => c == '9'))
        {
            p = 100 - Math.Pow(10, 2 - digits.Length);
        }

        if (p is <= 0 or > 100)
        {
            throw new FormatException($"Threshold '{expression}': percentile {digits} is outside 0..100.");
        }

        return (ThresholdMetric.Percentile, p);
    }

    [GeneratedRegex(@"^(?<metric>p\([0-9.]+\)|[a-zA-Z][a-zA-Z0-9.]*)\s*(?<op><=|>=|<|>)\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(?<unit>%|us|µs|ms|s)?$")]
    private static partial Regex ConditionPattern();
}
