using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// A mistake in a scenario file is reported in the file's own terms: the key, its line, what was expected, and the
/// closest valid key for a typo; never the deserializer's .NET type names.
/// </summary>
public sealed class ScenarioErrorTests : TempFolderTest
{
    [Fact]
    public void An_unknown_key_names_its_line_and_the_closest_valid_key()
    {
        var error = Assert.Throws<FormatException>(() => ScenarioLoader.Parse("""
            target: http://127.0.0.1:8080
            population: 10
            phasez: []
            """, "s.yaml"));

        Assert.Equal("s.yaml: unknown key 'phasez' at line 3; did you mean 'phases'?", error.Message);
    }

    [Fact]
    public void An_unknown_key_inside_a_phase_is_checked_against_a_phases_keys()
    {
        var typo = Assert.Throws<FormatException>(() => ScenarioLoader.Parse("""
            phases:
              - executor: constant-arrival-rate
                rat: 10
            """, "s.yaml"));
        var unlike = Assert.Throws<FormatException>(() => ScenarioLoader.Parse("""
            phases:
              - executor: constant-users
                colour: blue
            """, "s.yaml"));

        Assert.Equal("s.yaml: unknown key 'rat' at line 3; did you mean 'rate'?", typo.Message);
        Assert.StartsWith("s.yaml: unknown key 'colour' at line 3; the keys here are name, executor, duration, rate,", unlike.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_shape_says_what_shape_was_expected()
    {
        var error = Assert.Throws<FormatException>(() => ScenarioLoader.Parse("""
            target: http://127.0.0.1:8080
            phases:
              - executor: constant-users
                users: 5
                duration: 10s
                # a think time is a range, not one value
                thinkTime: 1s
            """, "s.yaml"));

        Assert.Equal("s.yaml: 'thinkTime' at line 7 must be a mapping like { min: 500ms, max: 2s }", error.Message);
    }

    [Theory]
    [InlineData("phases: { executor: constant-users }\n", "'phases' at line 1 must be a list like [ { executor: constant-users, users: 10, duration: 30s } ]")]
    [InlineData("phases:\n  - constant-users\n", "an entry of 'phases' at line 2 must be a mapping like { executor: constant-users, users: 10, duration: 30s }")]
    [InlineData("phases:\n  - executor: constant-users\n    users: many\n", "'users' at line 3 must be a whole number (it is 'many')")]
    [InlineData("phases:\n  - executor: constant-arrival-rate\n    rate: fast\n", "'rate' at line 3 must be a number (it is 'fast')")]
    [InlineData("journey: { readFeed: lots }\n", "'readFeed' at line 1 must be a number (it is 'lots')")]
    [InlineData("population: 5\npopulation: 6\n", "line 2: Duplicate key population")]
    [InlineData("phases:\n", "'phases' at line 1 has no value; give one or leave the key out")]
    [InlineData("population: 5\n---\npopulation: 6\n", "a second YAML document starts at line 3; a scenario is one document")]
    [InlineData("? [a]\n: 1\n", "the key at line 1 must be a plain name")]
    [InlineData("- target: http://127.0.0.1\n", "the scenario at line 1 must be a mapping of keys such as 'target:' and 'phases:'")]
    public void Each_wrong_shape_is_named_by_key_and_line(string yaml, string expected) =>
        Assert.Equal("s.yaml: " + expected, Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml")).Message);

    [Fact]
    public void A_misspelt_executor_or_journey_action_suggests_the_closest_name()
    {
        var typoExecutor = ScenarioLoader.Parse("phases: [ { executor: constant-user, users: 1 } ]\n");
        var typoAction = ScenarioLoader.Parse("journey: { readFeeds: 1 }\n");

        var executor = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(typoExecutor, new PlanOverrides("http://127.0.0.1:9", null, null)));
        var action = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(typoAction, new PlanOverrides("http://127.0.0.1:9", null, null)));

        Assert.StartsWith("Unknown executor 'constant-user': did you mean 'constant-users'? Use constant-arrival-rate,", executor.Message, StringComparison.Ordinal);
        Assert.StartsWith("Unknown journey action 'readFeeds': did you mean 'readFeed'? Use openApp,", action.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("# nothing but a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_says_it_is_empty(string yaml)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml"));

        Assert.StartsWith("s.yaml: the file is empty;", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("requestTimeout: 10x\n", "'requestTimeout' at line 1: '10x' is not a duration such as 500ms, 10s, 2m or 1m30s")]
    [InlineData("phases:\n  - executor: constant-users\n    users: 1\n    duration: soon\n", "'duration' at line 4: 'soon' is not a duration such as 500ms, 10s, 2m or 1m30s")]
    [InlineData("phases:\n  - executor: ramping-users\n    stages: [ { duration: -3s, target: 5 } ]\n", "'duration' at line 3: '-3s' is not a duration such as 500ms, 10s, 2m or 1m30s")]
    [InlineData("phases:\n  - executor: constant-users\n    thinkTime: { min: 1s, max: 9999h }\n", "'max' at line 3: '9999h' is longer than a load run may last (7 days)")]
    public void A_bad_duration_names_its_key_and_line(string yaml, string expected) =>
        Assert.Equal("s.yaml: " + expected, Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml")).Message);

    [Theory]
    [InlineData("phasez: []\n")]
    [InlineData("thinkTime: 1s\n")]
    [InlineData("phases: [ { executor: constant-users, thinkTime: 1s } ]\n")]
    [InlineData("phases: [ { executor: constant-users, users: [1, 2] } ]\n")]
    [InlineData("population: { many: 1 }\n")]
    [InlineData("target: [ a ]\n")]
    [InlineData("target: \"unclosed\n")]
    [InlineData("target:\tx\n  y: : z\n")]
    public void No_error_names_a_dotnet_type(string yaml)
    {
        var error = Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml"));

        Assert.StartsWith("s.yaml: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("line ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Stadium.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("File'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_prints_a_scenario_mistake_as_one_line_and_exits_2()
    {
        var path = Path.Combine(Folder, "typo.yaml");
        await File.WriteAllTextAsync(path, "target: http://127.0.0.1:9\nphasez: []\n");

        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", path);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"stadium load run: {path}: unknown key 'phasez' at line 2; did you mean 'phases'? (see --help)", line);
    }
}
