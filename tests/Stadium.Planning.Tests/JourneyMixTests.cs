using Stadium.Planning.Plan;
using Stadium.Testing;

namespace Stadium.Planning.Tests;

/// <summary>The journey mix the steady traffic is split by: a scenario's journey: weights, or the lab's default.</summary>
public sealed class JourneyMixTests
{
    [Fact]
    public async Task The_repository_mix_is_the_default_and_a_write_heavy_scenario_shifts_the_rates_to_writes()
    {
        var mix = await JourneyWeights.FromScenarioAsync(Repository.Combine("scenarios", "stadium-mix.yaml"), CancellationToken.None);
        var soak = await JourneyWeights.FromScenarioAsync(Repository.Combine("scenarios", "soak.yaml"), CancellationToken.None);

        Assert.Equal(JourneyWeights.Default.Weights.OrderBy(w => w.Key), mix.Weights.OrderBy(w => w.Key));
        var defaults = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));
        var writeHeavy = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000) with { Journey = soak });
        Assert.Contains("soak.yaml: journey:", writeHeavy.Inputs.Journey, StringComparison.Ordinal);
        var share = soak.Weights.GetValueOrDefault("createPost") / soak.Weights.Values.Sum();
        Assert.Equal((4_000 - 33.333333) * share, writeHeavy.Endpoints.Single(e => e.Name == "createPost").Steady.Value, 3);
        Assert.NotEqual(defaults.Endpoints.Single(e => e.Name == "createPost").Steady.Value, writeHeavy.Endpoints.Single(e => e.Name == "createPost").Steady.Value);
    }

    [Fact]
    public async Task A_scenario_without_a_journey_mix_or_with_an_unknown_action_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("stadium-plan-").FullName;
        try
        {
            // A request-list scenario: valid for the lab, but it has no journey mix.
            var requests = Repository.Combine("scenarios", "requests.yaml");
            var unknown = Path.Combine(folder, "unknown.yaml");
            File.WriteAllText(unknown, "journey: { readFeed: 1, dance: 2 }\nphases:\n  - { executor: constant-users, users: 1, duration: 1s }\n");

            Assert.Contains("no journey: mix", (await Assert.ThrowsAsync<FormatException>(() => JourneyWeights.FromScenarioAsync(requests, CancellationToken.None))).Message, StringComparison.Ordinal);
            Assert.Contains("dance", (await Assert.ThrowsAsync<FormatException>(() => JourneyWeights.FromScenarioAsync(unknown, CancellationToken.None))).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
