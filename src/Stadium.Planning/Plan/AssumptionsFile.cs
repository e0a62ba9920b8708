using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Stadium.Planning.Plan;

/// <summary>
/// An assumptions file (`stadium plan --assume FILE`): a YAML mapping of assumption keys to numbers
/// (<c>nodeCores: 2</c>, <c>primaryMaxConnections: 500</c>); every key must be one of <see cref="PlanAssumptions.Keys"/>.
/// </summary>
public static class AssumptionsFile
{
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="FormatException">Not a mapping of known keys to numbers; the message names the file.</exception>
    public static PlanAssumptions Apply(string path, PlanAssumptions assume)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such assumptions file", path);
        }

        Dictionary<string, double>? values;
        try
        {
            values = new DeserializerBuilder().Build().Deserialize<Dictionary<string, double>>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{path}:{e.Start.Line}: an assumptions file maps keys to numbers ({e.InnerException?.Message ?? e.Message})", e);
        }

        foreach (var (key, value) in values ?? new Dictionary<string, double>())
        {
            try
            {
                assume.Set(key, value, path);
            }
            catch (ArgumentException e)
            {
                throw new FormatException(e.Message, e);
            }
        }

        return assume;
    }
}
