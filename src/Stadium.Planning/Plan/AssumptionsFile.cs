using System.Globalization;
using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Planning.Plan;

/// <summary>
/// An assumptions file (`stadium plan --assume FILE`): a YAML mapping of assumption keys to numbers
/// (<c>nodeCores: 2</c>, <c>primaryMaxConnections: 500</c>); every key must be one of <see cref="PlanAssumptions.Keys"/>.
/// Its mistakes read like the SLO file's: "file:line: what is wrong", naming the key.
/// </summary>
public static class AssumptionsFile
{
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">Not a mapping of known keys to numbers; the message names the file, line and key.</exception>
    public static PlanAssumptions Apply(string path, PlanAssumptions assume)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such assumptions file", path);
        }

        switch (YamlFile.Root(YamlFile.ReadText(path, "the assumptions file"), path))
        {
            case null:
                return assume;
            case YamlMappingNode mapping:
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var where = $"{path}:{keyNode.Start.Line}";
                    var key = keyNode is YamlScalarNode { Value: { } k } ? k : throw new FormatException($"{where}: a key must be an assumption's name");
                    try
                    {
                        assume.Set(key, Number(valueNode, where, key), where);
                    }
                    catch (ArgumentException e)
                    {
                        throw new FormatException(e.Message, e);
                    }
                }

                return assume;
            case var root:
                throw new FormatException($"{path}:{root.Start.Line}: an assumptions file maps keys to numbers, like 'nodeCores: 2'");
        }
    }

    private static double Number(YamlNode value, string where, string key) =>
        value is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"{where}: {key} must be a number (got {Shown(value)})");

    private static string Shown(YamlNode value) => value switch
    {
        YamlScalarNode { Value: { Length: > 0 } text } => $"'{text}'",
        YamlScalarNode => "nothing",
        YamlSequenceNode => "a list",
        _ => "a mapping",
    };
}
