using System.Globalization;
using System.Text.RegularExpressions;

namespace Stadium.Lab.Scenarios;

/// <summary>Durations as people write them: 500ms, 10s, 2m, 1h, 1m30s; a bare number is seconds.</summary>
public static partial class DurationText
{
    /// <summary>
    /// The longest duration accepted. Longer is a typo (1e20, 99999h), and the run's timers (CancelAfter) cannot wait
    /// past about 49 days: a week leaves room for a phase's grace period and a run of several phases.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <exception cref="FormatException">Not a duration, negative, or longer than <see cref="Longest"/>.</exception>
    public static TimeSpan Parse(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            return FromSeconds(bare, text);
        }

        var seconds = 0.0;
        var position = 0;
        foreach (Match part in Part().Matches(trimmed))
        {
            if (part.Index != position)
            {
                break;
            }

            var value = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
            seconds += value * part.Groups["u"].Value switch
            {
                "us" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                _ => 3600,
            };
            position += part.Length;
        }

        if (position != trimmed.Length || position == 0)
        {
            throw NotADuration(text);
        }

        return FromSeconds(seconds, text);
    }

    // Checked here, in seconds, because TimeSpan itself overflows (an OverflowException, not a message) or takes NaN.
    private static TimeSpan FromSeconds(double seconds, string text)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw NotADuration(text);
        }

        return seconds > Longest.TotalSeconds
            ? throw new FormatException($"'{text}' is longer than a load run may last ({Longest.TotalDays:0} days).")
            : TimeSpan.FromSeconds(seconds);
    }

    private static FormatException NotADuration(string text) =>
        new($"'{text}' is not a duration such as 500ms, 10s, 2m or 1m30s.");

    [GeneratedRegex(@"(?<n>[0-9]+(\.[0-9]+)?)(?<u>us|ms|s|m|h)")]
    private static partial Regex Part();
}
