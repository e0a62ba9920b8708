using System.Globalization;
using Stadium.Lab.Profiles;
using Stadium.Lab.Scenarios;
using Stadium.Testing;

namespace Stadium.Lab.Tests;

/// <summary>docs/capacity.md's worked example is what `load run --mau 1000000` derives and prints, line for line.</summary>
public sealed class CapacityPageTests
{
    [Fact]
    public void The_worked_example_is_what_the_code_derives_for_one_million()
    {
        var page = File.ReadAllText(Path.Combine(Repository.Root, "docs", "capacity.md"));
        var scenario = ScenarioLoader.Parse(File.ReadAllText(Path.Combine(Repository.Root, "scenarios", "stadium-mix.yaml")));
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(null, 1_000_000, null));
            var printed = plan.Profile!.Describe().Concat(plan.Phases.Select(p => p.Describe())).ToArray();

            Assert.Equal(8, printed.Length);
            Assert.All(printed, line => Assert.Contains("\n  " + line + "\n", page, StringComparison.Ordinal));
            Assert.Equal(4_000, MauProfile.Derive(1_000_000).SteadyRequestsPerSecond, 6);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
