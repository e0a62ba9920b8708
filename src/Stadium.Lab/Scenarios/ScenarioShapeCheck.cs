using System.Globalization;
using System.Text.RegularExpressions;
using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Lab.Scenarios;

/// <summary>
/// Checks a scenario's YAML tree against the keys and shapes of <see cref="ScenarioKeys"/> before it is deserialized,
/// so a mistake is reported by key and line in the file's own terms ("unknown key 'phasez' at line 3; did you mean
/// 'phases'?"), never as the deserializer's message about .NET types.
/// </summary>
internal static partial class ScenarioShapeCheck
{
    /// <exception cref="FormatException">The first mistake found, in the file's terms.</exception>
    public static void Check(YamlStream stream)
    {
        if (stream.Documents.Count == 0 || IsEmpty(stream.Documents[0].RootNode))
        {
            throw new FormatException("the file is empty; a scenario gives at least its phases (and its target, unless --target does)");
        }

        if (stream.Documents.Count > 1)
        {
            throw new FormatException($"a second YAML document starts at line {stream.Documents[1].RootNode.Start.Line}; a scenario is one document");
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException(
                $"the scenario at line {stream.Documents[0].RootNode.Start.Line} must be a mapping of keys such as 'target:' and 'phases:'");
        }

        Section(root, typeof(ScenarioFile));
    }

    private static void Section(YamlMappingNode node, Type section)
    {
        var keys = ScenarioKeys.Of(section);
        foreach (var (keyNode, value) in node.Children)
        {
            var line = keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: { } key })
            {
                throw new FormatException($"the key at line {line} must be a plain name");
            }

            if (!keys.TryGetValue(key, out var shape))
            {
                throw new FormatException(ClosestName.To(key, keys.Keys) is { } meant
                    ? $"unknown key '{key}' at line {line}; did you mean '{meant}'?"
                    : $"unknown key '{key}' at line {line}; the keys here are {string.Join(", ", keys.Keys)}");
            }

            Value($"'{key}'", line, value, shape);
        }

        ScenarioRules.Check(node, section);
    }

    /// <param name="name">How the message names the value: "'thinkTime'", "an entry of 'phases'".</param>
    private static void Value(string name, long line, YamlNode node, ValueShape shape)
    {
        var label = $"{name} at line {line}";
        if (IsEmpty(node))
        {
            throw new FormatException($"{label} has no value; give one or leave the key out");
        }

        switch (shape.Kind)
        {
            case ValueKind.List:
                var list = node as YamlSequenceNode ?? throw Expected(label, "a list", shape.Example);
                foreach (var item in list.Children)
                {
                    Value($"an entry of {name}", item.Start.Line, item, shape.Item!);
                }

                break;
            case ValueKind.Map:
                var map = node as YamlMappingNode ?? throw Expected(label, "a mapping", shape.Example);
                if (map.Children.Count == 0)
                {
                    // An empty journey mix would pick nothing; empty headers say nothing.
                    throw new FormatException($"{label} is empty; give at least one entry or leave the key out");
                }

                foreach (var (key, value) in map.Children)
                {
                    Value($"'{(key as YamlScalarNode)?.Value}'", key.Start.Line, value, shape.Item!);
                }

                break;
            case ValueKind.Section:
                Section(node as YamlMappingNode ?? throw Expected(label, "a mapping", shape.Example), shape.Section!);
                break;
            default:
                Scalar(label, node as YamlScalarNode ?? throw Expected(label, "a single value", ScalarExample(shape.Kind)), shape);
                break;
        }
    }

    private static void Scalar(string label, YamlScalarNode node, ValueShape shape)
    {
        var text = node.Value ?? "";
        switch (shape.Kind)
        {
            case ValueKind.Number:
                var value = Number(text) ?? throw new FormatException($"{label} must be a number (it is '{text}')");
                if (shape.Minimum is { } minimum && !(double.IsFinite(value) && minimum.Allows(value)))
                {
                    throw new FormatException($"{label} must be a {(double.IsFinite(value) ? "" : "finite ")}number {minimum.Describe()} (it is '{text}')");
                }

                break;
            case ValueKind.WholeNumber when !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _):
                throw new FormatException($"{label} must be a whole number (it is '{text}')");
            case ValueKind.Duration:
                try
                {
                    DurationText.Parse(text);
                }
                catch (FormatException e)
                {
                    throw new FormatException($"{label}: {e.Message.TrimEnd('.')}", e);
                }

                break;
        }
    }

    private static string ScalarExample(ValueKind kind) => kind switch
    {
        ValueKind.Duration => "10s",
        ValueKind.Number => "2.5",
        ValueKind.WholeNumber => "10",
        _ => "a word or a quoted string",
    };

    private static FormatException Expected(string label, string what, string? example) =>
        new(example is null ? $"{label} must be {what}" : $"{label} must be {what} like {example}");

    /// <summary>The number the parser reads from <paramref name="text"/>, YAML's infinities and not-a-number included; null when it is none.</summary>
    private static double? Number(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return YamlSpecialNumber().Match(text) is { Success: true } special
            ? special.Groups["nan"].Success ? double.NaN : text.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity
            : null;
    }

    /// <summary>YAML's infinities and not-a-number: numbers to the parser, refused by the range checks that name the setting.</summary>
    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|(?<nan>\.(nan|NaN|NAN)))$")]
    private static partial Regex YamlSpecialNumber();

    /// <summary>A key with nothing after it, or ~ / null: YAML's null, which would leave a list or a section unset.</summary>
    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
