using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadium.Protection.Slo;

/// <summary>The values an SLO file holds, read as people write them: durations (50ms, 2s, 28d, 1h30m) and percentages (99.9%).</summary>
internal static partial class SloValues
{
    /// <summary>A duration of whole or decimal parts in ms, s, m, h or d; null when the text is not one or is zero.</summary>
    public static TimeSpan? Duration(string text)
    {
        var trimmed = text.Trim();
        if (!DurationPattern().IsMatch(trimmed))
        {
            return null;
        }

        var milliseconds = 0.0;
        foreach (Match part in Part().Matches(trimmed))
        {
            var value = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            milliseconds += value * part.Groups["u"].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }

        // Beyond a year is a typo, and the deadline's timer cannot wait that long anyway (about 49 days).
        return milliseconds is > 0 and <= 366 * 86_400_000.0 ? TimeSpan.FromMilliseconds(milliseconds) : null;
    }

    /// <summary>A share above 0 and below 100 %, written 99.9% or 99.9, as a fraction (0.999); null otherwise.</summary>
    public static double? Percentage(string text)
    {
        var number = text.Trim().TrimEnd('%').TrimEnd();
        // In decimal, so 99.9 % is exactly 0.999 (as a double, 99.9 / 100 is 0.9990000000000001).
        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and < 100
            ? (double)(percent / 100)
            : null;
    }

    /// <summary>How a duration is written back in messages and metric tags: 50ms, 2s, 28d.</summary>
    public static string Show(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } when span.TotalDays == Math.Floor(span.TotalDays) => $"{span.TotalDays:0}d",
        { TotalHours: >= 1 } when span.TotalHours == Math.Floor(span.TotalHours) => $"{span.TotalHours:0}h",
        { TotalMinutes: >= 1 } when span.TotalMinutes == Math.Floor(span.TotalMinutes) => $"{span.TotalMinutes:0}m",
        { TotalSeconds: >= 1 } when span.TotalSeconds == Math.Floor(span.TotalSeconds) => $"{span.TotalSeconds:0}s",
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0.###}ms"),
    };

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h|d))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(?<n>[0-9]+(\.[0-9]+)?)(?<u>ms|s|m|h|d)")]
    private static partial Regex Part();
}
