using Stadium.Planning.Plan;
using Stadium.Planning.Simulate;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>
/// The shipped stadium policy at 100M MAU (128-core nodes) on a short launch (the busy quarter hour's rates, up to 3 x
/// in 5 minutes, held 10, back to 1 x): with inFlight per core it follows the load, where the same policy with the old
/// per-node target of 20 in flight holds the fleet at its maximum.
/// </summary>
public sealed class InFlightPerCoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-inflight-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task At_100M_the_per_core_policy_is_not_pinned_at_the_maximum_and_the_per_node_one_is()
    {
        var perCore = Assert.Single((await Run("stadium", seed: 5)).Outcomes);
        var perNode = Assert.Single((await Run(await PerNodePolicy(), seed: 5, perCore.MinReplicas, perCore.MaxReplicas)).Outcomes);

        var max = perCore.MaxReplicas;
        Assert.Equal((perCore.MinReplicas, max), (perNode.MinReplicas, perNode.MaxReplicas));
        Assert.True(AtMax(perNode) >= 0.8, $"the per-node policy at its maximum {max} only {AtMax(perNode):P0} of the time");
        Assert.True(AtMax(perCore) <= 0.2, $"the per-core policy at its maximum {max} {AtMax(perCore):P0} of the time: {Events(perCore)}");
        Assert.True(perCore.Slots[^1].Nodes < max, $"the per-core policy ends at {perCore.Slots[^1].Nodes} of {max} nodes");
        Assert.True(perCore.InstanceHours < 0.8 * perNode.InstanceHours, $"{perCore.InstanceHours:N1} against {perNode.InstanceHours:N1} instance-hours");
    }

    [Fact]
    public async Task The_per_core_run_is_the_same_under_the_same_seed()
    {
        var first = Assert.Single((await Run("stadium", seed: 9)).Outcomes);
        var again = Assert.Single((await Run("stadium", seed: 9)).Outcomes);

        Assert.Equal(first.Events, again.Events);
        Assert.Equal(first.NodeSeconds, again.NodeSeconds);
        Assert.Equal(first.Slots.Select(s => s.Nodes), again.Slots.Select(s => s.Nodes));
    }

    private static double AtMax(PolicyOutcome outcome) =>
        (double)outcome.Slots.Count(s => s.Nodes >= outcome.MaxReplicas - 0.5) / outcome.Slots.Count;

    private async Task<SimulationResults> Run(string policy, int seed, int? min = null, int? max = null)
    {
        var trace = Path.Combine(_folder, "launch.csv");
        await File.WriteAllLinesAsync(trace, ["minute,multiplier", "0,1", "5,3", "15,3", "20,1", "35,1"]);
        var request = new SimulationRequest(100_000_000, PlanInputs.Defaults(100_000_000), trace, MinNodes: min, MaxNodes: max, Seed: seed);
        return await Simulator.RunAsync(request, [policy], CancellationToken.None);
    }

    /// <summary>The built-in stadium policy with the per-node in-flight target it had before: 20 per node.</summary>
    private async Task<string> PerNodePolicy()
    {
        using var stream = typeof(SimulatedPolicy).Assembly.GetManifestResourceStream("Stadium.Planning.policies.stadium.yaml")!;
        var text = await new StreamReader(stream).ReadToEndAsync();
        var perNode = text.Replace("        perCore: true\n", "", StringComparison.Ordinal)
            .Replace("target: { type: AverageValue, averageValue: 40 }", "target: { type: AverageValue, averageValue: 20 }", StringComparison.Ordinal);
        Assert.NotEqual(text, perNode);
        Assert.DoesNotContain("perCore", perNode, StringComparison.Ordinal);
        var file = Path.Combine(_folder, "per-node.yaml");
        await File.WriteAllTextAsync(file, perNode);
        return file;
    }

    private static string Events(PolicyOutcome outcome) => string.Join("; ", outcome.Events.Select(e => $"{e.Second}s {e.From}->{e.To} {e.Signal}"));
}
