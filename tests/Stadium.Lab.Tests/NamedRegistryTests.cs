using Stadium.Lab.Executors;
using Stadium.Lab.Naming;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>
/// Executors, URL engines and journey actions are chosen by name from one registry each: an unknown name is an error
/// that lists the known ones, never a silent default; the spellings scenarios already use keep working.
/// </summary>
public sealed class NamedRegistryTests : TempFolderTest
{
    [Fact]
    public void An_unknown_executor_is_an_error_listing_the_known_ones()
    {
        var file = ScenarioLoader.Parse("target: http://127.0.0.1\nphases: [ { executor: shared-iterations, duration: 1s } ]\n");

        var error = Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(file, new PlanOverrides(null, null, null)));

        Assert.Equal(
            "Unknown executor 'shared-iterations': use constant-arrival-rate, ramping-arrival-rate, constant-users or ramping-users.", error.Message);
    }

    [Theory]
    [InlineData("constant-arrival-rate", "constant-arrival-rate")]
    [InlineData("ramping-arrival-rate", "ramping-arrival-rate")]
    [InlineData("constant-users", "constant-users")]
    [InlineData("ramping-users", "ramping-users")]
    [InlineData("constant-vus", "constant-users")]
    [InlineData(" Ramping-VUs ", "ramping-users")]
    public void Executors_are_found_by_name_alias_and_any_case(string written, string executor) =>
        Assert.Equal(executor, LoadExecutors.Registry.Get(written).Name);

    [Fact]
    public void Every_executor_is_registered_once_and_open_ones_are_the_arrival_rate_ones()
    {
        Assert.Equal(["constant-arrival-rate", "ramping-arrival-rate", "constant-users", "ramping-users"], LoadExecutors.Registry.Names);
        Assert.Equal(["constant-arrival-rate", "ramping-arrival-rate"], LoadExecutors.Registry.All.Where(e => e.IsOpen).Select(e => e.Name));
    }

    [Fact]
    public void Two_choices_under_one_name_are_refused_when_registered()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new NamedRegistry<ILoadExecutor>(
            "executor", [new ConstantUsersExecutor(), new RampingUsersExecutor(), new ConstantUsersExecutor()]));

        Assert.Contains("'constant-users'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_executor_on_the_command_line_is_one_line_and_exit_2()
    {
        var scenario = Path.Combine(Folder, "s.yaml");
        await File.WriteAllTextAsync(scenario, "target: http://127.0.0.1:9\nrequests: [ { url: / } ]\nphases: [ { executor: shared-iterations } ]\n");

        var (exitCode, output) = await StadiumCli.RunAsync("load", "run", scenario);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "stadium load: Unknown executor 'shared-iterations': use constant-arrival-rate, ramping-arrival-rate, constant-users or ramping-users.",
            output.Trim());
    }
}
