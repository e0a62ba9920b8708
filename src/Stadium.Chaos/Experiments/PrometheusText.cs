using System.Globalization;

namespace Stadium.Chaos.Experiments;

/// <summary>Reads Prometheus' text exposition format as far as a probe needs: the sum of the samples of one series selector.</summary>
internal static class PrometheusText
{
    /// <summary>
    /// The sum of every sample whose name is the selector's and whose labels include each of the selector's
    /// (<c>name{a="x"}</c>); null when no sample matched.
    /// </summary>
    public static double? Sum(string exposition, string selector)
    {
        var brace = selector.IndexOf('{', StringComparison.Ordinal);
        var name = brace < 0 ? selector.Trim() : selector[..brace].Trim();
        var wanted = brace < 0 ? [] : selector[(brace + 1)..].TrimEnd('}', ' ').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        double? sum = null;
        foreach (var line in exposition.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var end = line.IndexOfAny([' ', '{']);
            if (end <= 0 || line[..end] != name)
            {
                continue;
            }

            var labelsEnd = line[end] == '{' ? line.IndexOf('}', end) : end - 1;
            var labels = line[end] == '{' ? line[(end + 1)..labelsEnd] : "";
            if (!wanted.All(w => labels.Split(',').Select(l => l.Trim()).Contains(w, StringComparer.Ordinal)))
            {
                continue;
            }

            var valueText = line[(labelsEnd + 1)..].Trim().Split(' ')[0];
            if (double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                sum = (sum ?? 0) + value;
            }
        }

        return sum;
    }
}
