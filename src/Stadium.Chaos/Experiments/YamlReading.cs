using System.Globalization;
using Stadium.Lab.Scenarios;
using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Typed reads of one YAML file's nodes, each mistake a <see cref="FormatException"/> starting "file:line:" and naming
/// the key by its path ("method[1].at"); an unknown key names the known one it most likely meant.
/// </summary>
internal sealed class YamlReading(string source)
{
    public FormatException Error(YamlNode at, string message) => new($"{source}:{at.Start.Line}: {message}");

    /// <summary>The mapping's keys, each one of <paramref name="known"/>, with their values.</summary>
    public Dictionary<string, YamlNode> Keys(YamlNode node, string path, IReadOnlyList<string> known, string example)
    {
        var map = node as YamlMappingNode ?? throw Error(node, $"{Name(path)} must be a mapping like {example}");
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var full = Join(path, key);
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, ClosestName.To(key, known) is { } meant
                    ? $"unknown key '{full}'; did you mean '{Join(path, meant)}'?"
                    : $"unknown key '{full}'; the keys here are {string.Join(", ", known)}");
            }

            values[key] = value;
        }

        return values;
    }

    public YamlNode Required(Dictionary<string, YamlNode> values, YamlNode at, string path, string key) =>
        values.GetValueOrDefault(key) ?? throw Error(at, $"{Join(path, key)} is missing");

    public string Scalar(YamlNode value, string path) =>
        value is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw Error(value, $"{path} must be a single value");

    public string? OptionalScalar(Dictionary<string, YamlNode> values, string path, string key) =>
        values.TryGetValue(key, out var node) ? Scalar(node, Join(path, key)) : null;

    public double Number(YamlNode value, string path, double min, double max, string expected, bool whole = false)
    {
        var text = Scalar(value, path);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            && (!whole || number == Math.Floor(number))
            ? number
            : throw Error(value, $"{path} must be {expected} (got '{text}')");
    }

    public TimeSpan Duration(YamlNode value, string path)
    {
        var text = Scalar(value, path);
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException)
        {
            throw Error(value, $"{path} must be a duration like 30s or 2m (got '{text}')");
        }
    }

    public YamlSequenceNode Sequence(YamlNode value, string path, string example) =>
        value as YamlSequenceNode ?? throw Error(value, $"{path} must be a list like {example}");

    /// <summary>One of <paramref name="known"/> (else the error lists them, or names the one most likely meant).</summary>
    public string OneOf(YamlNode value, string path, IReadOnlyList<string> known, string what)
    {
        var text = Scalar(value, path);
        return known.Contains(text, StringComparer.Ordinal)
            ? text
            : throw Error(value, $"{path}: unknown {what} '{text}'"
                + (ClosestName.To(text, known) is { } meant ? $"; did you mean '{meant}'?" : $"; the {what}s are {string.Join(", ", known)}"));
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Name(string path) => path.Length == 0 ? "the file" : path;
}
