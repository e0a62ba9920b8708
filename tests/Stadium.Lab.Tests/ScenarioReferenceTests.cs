using System.Text.RegularExpressions;
using Stadium.Lab.Executors;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Scenarios;
using Stadium.Testing;

namespace Stadium.Lab.Tests;

/// <summary>
/// docs/scenarios.md checked against the parser: the keys it documents are exactly the keys the parser reads (found by
/// reflection over the classes a scenario is deserialized into), every executor and journey action the registries know
/// has its entry, and every example in it, and in scenarios/, is a scenario the planner accepts.
/// </summary>
public sealed partial class ScenarioReferenceTests
{
    private static readonly string Reference = File.ReadAllText(Path.Combine(Repository.Root, "docs", "scenarios.md"));

    [Fact]
    public void Every_documented_key_is_read_by_the_parser_and_every_key_it_reads_is_documented()
    {
        var parsed = ScenarioKeys.Paths(typeof(ScenarioFile)).ToHashSet();
        var documented = DocumentedKeys();

        Assert.Contains("phases[].thinkTime.min", parsed);
        Assert.Empty(documented.Except(parsed).Order());
        Assert.Empty(parsed.Except(documented).Order());
    }

    [Fact]
    public void Every_executor_has_its_section_and_its_aliases_are_mentioned()
    {
        Assert.NotEmpty(LoadExecutors.Registry.All);
        foreach (var executor in LoadExecutors.Registry.All)
        {
            Assert.Contains($"\n### `{executor.Name}`\n", Reference, StringComparison.Ordinal);
            Assert.All(executor.Aliases, alias => Assert.Contains($"`{alias}`", Reference, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_journey_action_has_its_row()
    {
        Assert.NotEmpty(JourneyActions.Registry.All);
        foreach (var action in JourneyActions.Registry.All)
        {
            var row = Assert.Single(Reference.Split('\n'), line => line.StartsWith($"| `{action.Name}` |", StringComparison.Ordinal));
            Assert.All(action.Aliases, alias => Assert.Contains($"`{alias}`", row, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_example_in_the_reference_and_in_scenarios_is_a_scenario_the_planner_accepts()
    {
        var examples = YamlBlock().Matches(Reference).Select((m, i) => (Source: $"docs/scenarios.md example {i + 1}", Text: m.Groups["yaml"].Value))
            .Concat(Directory.GetFiles(Path.Combine(Repository.Root, "scenarios"), "*.yaml").Select(f => (Source: f, Text: File.ReadAllText(f))))
            .ToArray();

        Assert.True(examples.Length >= 8, $"only {examples.Length} examples found");
        foreach (var (source, text) in examples)
        {
            var plan = ScenarioPlanner.Plan(ScenarioLoader.Parse(text, source), new PlanOverrides("http://127.0.0.1:9", null, null));
            Assert.NotEmpty(plan.Phases);
        }
    }

    /// <summary>
    /// The rows of the key tables (a table whose header starts "| key |"), each under the path its heading ends with in
    /// parentheses ("## Phases (`phases[]`)"); a heading without one holds keys of the file itself.
    /// </summary>
    private static HashSet<string> DocumentedKeys()
    {
        var keys = new HashSet<string>();
        var prefix = "";
        var inTable = false;
        foreach (var line in Reference.Split('\n'))
        {
            if (line.StartsWith('#'))
            {
                var path = HeadingPath().Match(line);
                prefix = path.Success ? path.Groups["path"].Value + "." : "";
                inTable = false;
            }
            else if (line.StartsWith("| key |", StringComparison.Ordinal))
            {
                inTable = true;
            }
            else if (!line.StartsWith('|'))
            {
                inTable = false;
            }
            else if (inTable && KeyCell().Match(line) is { Success: true } key)
            {
                Assert.True(keys.Add(prefix + key.Groups["key"].Value), $"{prefix}{key.Groups["key"].Value} is documented twice");
            }
        }

        return keys;
    }

    [GeneratedRegex(@"\(`(?<path>[^`]+)`\)\s*$")]
    private static partial Regex HeadingPath();

    [GeneratedRegex(@"^\| `(?<key>[A-Za-z]+)` \|")]
    private static partial Regex KeyCell();

    [GeneratedRegex(@"```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
