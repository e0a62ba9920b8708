using System.Globalization;
using System.Text;

namespace Stadium.Protection.Scraping;

/// <summary>
/// Reads the Prometheus text exposition format (version 0.0.4, what every Stadium process serves on /metrics) into
/// samples. Comments, `# HELP` and `# TYPE` lines are skipped; timestamps after the value are ignored; a line that does
/// not parse is skipped rather than failing the scrape, so one odd series never blinds a reader of the rest.
/// </summary>
public static class PrometheusText
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (TryParseLine(line, out var sample))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    private static bool TryParseLine(ReadOnlySpan<char> line, out MetricSample sample)
    {
        sample = null!;
        var nameEnd = line.IndexOfAny('{', ' ');
        if (nameEnd <= 0)
        {
            return false;
        }

        var name = line[..nameEnd].ToString();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = line[nameEnd..];
        if (rest[0] == '{')
        {
            var consumed = ParseLabels(rest, labels);
            if (consumed < 0)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        rest = rest.TrimStart();
        var valueEnd = rest.IndexOf(' ');
        var valueText = valueEnd < 0 ? rest : rest[..valueEnd];
        if (!TryParseValue(valueText, out var value))
        {
            return false;
        }

        sample = new MetricSample(name, labels, value);
        return true;
    }

    // Returns how many characters the `{...}` block took, or -1 when it is malformed.
    private static int ParseLabels(ReadOnlySpan<char> text, Dictionary<string, string> labels)
    {
        var i = 1;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || text[i] == ' '))
            {
                i++;
            }

            if (i < text.Length && text[i] == '}')
            {
                return i + 1;
            }

            var eq = text[i..].IndexOf('=');
            if (eq <= 0 || i + eq + 1 >= text.Length || text[i + eq + 1] != '"')
            {
                return -1;
            }

            var key = text.Slice(i, eq).Trim().ToString();
            i += eq + 2;
            var value = new StringBuilder();
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] == '\\' && i + 1 < text.Length)
                {
                    i++;
                    value.Append(text[i] == 'n' ? '\n' : text[i]);
                }
                else
                {
                    value.Append(text[i]);
                }

                i++;
            }

            if (i >= text.Length)
            {
                return -1;
            }

            labels[key] = value.ToString();
            i++;
        }

        return -1;
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
