using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadium.Lab.Scenarios;

/// <summary>Durations as people write them: 500ms, 10s, 2m, 1h, 1m30s; a bare number is seconds.</summary>
public static partial class DurationText
{
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var total = TimeSpan.Zero;
        var position = 0;
        foreach (Match part in Part().Matches(trimmed))
        {
            if (part.Index != position)
            {
                break;
            }

            var value = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += part.Groups["u"].Value switch
            {
                "us" => TimeSpan.FromMicroseconds(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                "s" => TimeSpan.FromSeconds(value),
                "m" => TimeSpan.FromMinutes(value),
                _ => TimeSpan.FromHours(value),
            };
            position += part.Length;
        }

        if (position != trimmed.Length || position == 0)
        {
            throw new FormatException($"'{text}' is not a duration such as 500ms, 10s, 2m or 1m30s.");
        }

        return total;
    }

    [GeneratedRegex(@"(?<n>[0-9]+(\.[0-9]+)?)(?<u>us|ms|s|m|h)")]
    private static partial Regex Part();
}
