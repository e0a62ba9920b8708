using Stadium.Lab.Executors;
using YamlDotNet.RepresentationModel;

namespace Stadium.Lab.Scenarios;

/// <summary>
/// The rules that tie one key of a section to another, checked with <see cref="ScenarioShapeCheck"/> so a mistake names
/// its key and line: a phase holds only the keys its executor reads (a <c>stages:</c> on a constant-rate phase would
/// otherwise be ignored without a word), and a think time's <c>min</c> is not longer than its <c>max</c>.
/// </summary>
internal static class ScenarioRules
{
    /// <summary>The keys of a phase whatever its executor.</summary>
    private static readonly string[] EveryPhase = ["name", "executor", "journey"];

    /// <summary>Checks a section whose keys and values already have the right shape.</summary>
    /// <exception cref="FormatException">The first rule broken, naming the key and its line.</exception>
    public static void Check(YamlMappingNode node, Type section)
    {
        if (section == typeof(PhaseFile))
        {
            ExecutorKeys(node);
        }
        else if (section == typeof(ThinkTimeFile))
        {
            ThinkTimeOrder(node);
        }
    }

    private static void ExecutorKeys(YamlMappingNode phase)
    {
        // An unknown executor is the planner's error, which lists the known ones.
        if (LoadExecutors.Registry.Find(Value(phase, "executor")?.Value ?? new PhaseFile().Executor) is not { } executor)
        {
            return;
        }

        var allowed = ScenarioKeys.Of(typeof(PhaseFile)).Keys.Where(k => EveryPhase.Contains(k) || executor.Keys.Contains(k)).ToArray();
        foreach (var (key, _) in phase.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && !allowed.Contains(name))
            {
                throw new FormatException($"'{name}' at line {key.Start.Line} is not a key of a {executor.Name} phase (its keys: {string.Join(", ", allowed)})");
            }
        }
    }

    private static void ThinkTimeOrder(YamlMappingNode thinkTime)
    {
        var defaults = new ThinkTimeFile();
        var min = Value(thinkTime, "min");
        var max = Value(thinkTime, "max");
        if (min is not null && DurationText.Parse(min.Value!) > DurationText.Parse(max?.Value ?? defaults.Max))
        {
            var maxText = max is null ? $"{defaults.Max} when not given" : max.Value;
            throw new FormatException($"'min' at line {min.Start.Line} ({min.Value}) is longer than 'max' ({maxText}); each pause is drawn between min and max");
        }
    }

    private static YamlScalarNode? Value(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value as YamlScalarNode : null;
}
