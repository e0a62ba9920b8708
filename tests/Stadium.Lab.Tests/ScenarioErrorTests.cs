using Stadium.Lab.Executors;
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
    [InlineData("phases:\n  - executor: constant-users\n    thinkTime: { min: 2s, max: 1s }\n", "'min' at line 3 (2s) is longer than 'max' (1s); each pause is drawn between min and max")]
    [InlineData("phases:\n  - executor: ramping-users\n    thinkTime:\n      max: 1s\n      min: 1500ms\n", "'min' at line 5 (1500ms) is longer than 'max' (1s); each pause is drawn between min and max")]
    [InlineData("phases:\n  - executor: constant-users\n    thinkTime: { min: 2s }\n", "'min' at line 3 (2s) is longer than 'max' (0s when not given); each pause is drawn between min and max")]
    public void A_think_time_whose_min_is_above_its_max_names_the_line(string yaml, string expected) =>
        Assert.Equal("s.yaml: " + expected, Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml")).Message);

    [Fact]
    public void A_think_time_of_one_value_is_a_min_equal_to_its_max() =>
        Assert.Equal("1s", ScenarioLoader.Parse("phases: [ { executor: constant-users, thinkTime: { min: 1s, max: 1s } } ]\n").Phases[0].ThinkTime!.Max);

    [Theory]
    [InlineData("journey: { readFeed: -1, createPost: 1 }\n", "'readFeed' at line 1 must be a number above 0 (it is '-1')")]
    [InlineData("journey:\n  readFeed: 3\n  createPost: 0\n", "'createPost' at line 3 must be a number above 0 (it is '0')")]
    [InlineData("journey: { readFeed: .inf }\n", "'readFeed' at line 1 must be a finite number above 0 (it is '.inf')")]
    [InlineData("journey: { readFeed: .nan }\n", "'readFeed' at line 1 must be a finite number above 0 (it is '.nan')")]
    [InlineData("journey: {}\n", "'journey' at line 1 is empty; give at least one entry or leave the key out")]
    [InlineData("phases:\n  - executor: constant-users\n    journey: { openApp: -2 }\n", "'openApp' at line 3 must be a number above 0 (it is '-2')")]
    [InlineData("requests:\n  - { url: /, weight: -1 }\n", "'weight' at line 2 must be a number above 0 (it is '-1')")]
    [InlineData("zipfExponent: -1\n", "'zipfExponent' at line 1 must be a number of at least 0 (it is '-1')")]
    [InlineData("zipfExponent: .inf\n", "'zipfExponent' at line 1 must be a finite number of at least 0 (it is '.inf')")]
    public void A_weight_or_exponent_out_of_range_names_its_key_and_line(string yaml, string expected) =>
        Assert.Equal("s.yaml: " + expected, Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml")).Message);

    [Fact]
    public void A_zipf_exponent_of_0_picks_accounts_alike() =>
        Assert.Equal(0, ScenarioLoader.Parse("zipfExponent: 0\n").ZipfExponent);

    [Theory]
    [InlineData(
        "phases:\n  - executor: constant-arrival-rate\n    rate: 10\n    stages: [ { duration: 1s, target: 5 } ]\n",
        "'stages' at line 4 is not a key of a constant-arrival-rate phase (its keys: name, executor, duration, rate, maxInFlight, gracefulStop, journey)")]
    [InlineData(
        "phases: [ { executor: constant-arrival-rate, rate: 10, users: 5 } ]\n",
        "'users' at line 1 is not a key of a constant-arrival-rate phase (its keys: name, executor, duration, rate, maxInFlight, gracefulStop, journey)")]
    [InlineData(
        "phases:\n  - executor: ramping-arrival-rate\n    stages: [ { duration: 1s, target: 5 } ]\n    thinkTime: { min: 1s, max: 2s }\n",
        "'thinkTime' at line 4 is not a key of a ramping-arrival-rate phase (its keys: name, executor, startRate, stages, maxInFlight, gracefulStop, journey)")]
    [InlineData(
        "phases:\n  - executor: constant-vus\n    users: 2\n    rate: 10\n",
        "'rate' at line 4 is not a key of a constant-users phase (its keys: name, executor, duration, users, thinkTime, gracefulStop, journey)")]
    [InlineData(
        "phases:\n  - users: 2\n    maxInFlight: 10\n",
        "'maxInFlight' at line 3 is not a key of a constant-users phase (its keys: name, executor, duration, users, thinkTime, gracefulStop, journey)")]
    [InlineData(
        "phases:\n  - executor: ramping-users\n    duration: 10s\n    stages: [ { duration: 1s, target: 5 } ]\n",
        "'duration' at line 3 is not a key of a ramping-users phase (its keys: name, executor, startUsers, stages, thinkTime, gracefulStop, journey)")]
    public void A_key_the_phases_executor_does_not_read_names_its_line_and_the_executors_keys(string yaml, string expected) =>
        Assert.Equal("s.yaml: " + expected, Assert.Throws<FormatException>(() => ScenarioLoader.Parse(yaml, "s.yaml")).Message);

    [Fact]
    public void Each_executors_keys_are_keys_of_a_phase()
    {
        var phaseKeys = ScenarioKeys.Of(typeof(PhaseFile)).Keys.ToHashSet(StringComparer.Ordinal);

        Assert.All(LoadExecutors.Registry.All, executor => Assert.Subset(phaseKeys, executor.Keys.ToHashSet(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("phases:\n  - executor: constant-users\n    thinkTime: { min: 2s, max: 1s }\n", "'min' at line 4 (2s) is longer than 'max' (1s)")]
    [InlineData("journey: { readFeed: -1, createPost: 1 }\n", "'readFeed' at line 2 must be a number above 0 (it is '-1')")]
    [InlineData("phases: [ { executor: constant-arrival-rate, rate: 10, users: 5 } ]\n", "'users' at line 2 is not a key of a constant-arrival-rate phase")]
    public async Task The_cli_refuses_a_rule_broken_in_one_line_before_any_traffic(string yaml, string expected)
    {
        var path = Path.Combine(Folder, "s.yaml");
        await File.WriteAllTextAsync(path, "target: http://127.0.0.1:9\n" + yaml);

        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", path);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"stadium load run: {path}: {expected}", line, StringComparison.Ordinal);
    }

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
