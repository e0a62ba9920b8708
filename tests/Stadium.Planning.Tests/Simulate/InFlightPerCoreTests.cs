using Stadium.Planning.Plan;
using Stadium.Planning.Simulate;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>
/// The shipped stadium policy (inFlight per core) at 100M MAU, on 128-core nodes between the launch day's bounds (13 to
/// 123), for 40 minutes: quiet for the first minute, then twice the busy quarter hour's rates. It stays well below the maximum,
/// where the same policy with the old target of 20 in flight per node is held there; the same seed gives the same run.
/// </summary>
public sealed class InFlightPerCoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-inflight-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task At_100M_the_shipped_per_core_policy_is_not_pinned_at_the_maximum_and_the_per_node_one_is()
    {
        var results = await Run("stadium", seed: 5);
        var perCore = Assert.Single(results.Outcomes);
        var perNode = Assert.Single((await Run(await PerNodePolicy(), seed: 5)).Outcomes);

        Assert.Equal(128, results.Setup.Shape.Cores);
        Assert.Equal((13, 123), (perCore.MinReplicas, perCore.MaxReplicas));
        Assert.Equal((13, 123), (perNode.MinReplicas, perNode.MaxReplicas));
        Assert.True(AtMax(perCore) <= 0.1, $"per core: at its maximum {AtMax(perCore):P0} of the time: {Events(perCore)}");
        Assert.True(perCore.Slots[^1].Nodes < perCore.MaxReplicas / 2, $"per core: ends at {perCore.Slots[^1].Nodes} nodes: {Events(perCore)}");
        Assert.True(AtMax(perNode) >= 0.5, $"per node: at its maximum only {AtMax(perNode):P0} of the time: {Events(perNode)}");
        Assert.True(perCore.InstanceHours < perNode.InstanceHours / 2, $"{perCore.InstanceHours:N1} against {perNode.InstanceHours:N1} instance-hours");
    }

    private static double AtMax(PolicyOutcome outcome) =>
        (double)outcome.Slots.Count(s => s.Nodes >= outcome.MaxReplicas - 0.5) / outcome.Slots.Count;

    /// <summary>The built-in stadium policy with the per-node in-flight target it had before: 20 per node.</summary>
    private async Task<string> PerNodePolicy()
    {
        using var stream = typeof(SimulatedPolicy).Assembly.GetManifestResourceStream("Stadium.Planning.policies.stadium.yaml")!;
        var text = await new StreamReader(stream).ReadToEndAsync();
        var perNode = text.Replace("        perCore: true\n", "", StringComparison.Ordinal)
            .Replace("target: { type: AverageValue, averageValue: 40 }", "target: { type: AverageValue, averageValue: 20 }", StringComparison.Ordinal);
        Assert.DoesNotContain("        perCore: true", perNode, StringComparison.Ordinal);
        Assert.Contains("averageValue: 20 }", perNode, StringComparison.Ordinal);
        var file = Path.Combine(_folder, "per-node.yaml");
        await File.WriteAllTextAsync(file, perNode);
        return file;
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

    private async Task<SimulationResults> Run(string policy, int seed)
    {
        var trace = Path.Combine(_folder, "half.csv");
        await File.WriteAllLinesAsync(trace, ["minute,multiplier", "0,0", "1,0", "3,2", "40,2"]);
        var request = new SimulationRequest(100_000_000, PlanInputs.Defaults(100_000_000), trace, NodeCores: 128, MinNodes: 13, MaxNodes: 123, Seed: seed);
        return await Simulator.RunAsync(request, [policy], CancellationToken.None);
    }

    private static string Events(PolicyOutcome outcome) => string.Join("; ", outcome.Events.Select(e => $"{e.Second}s {e.From}->{e.To} {e.Signal}"));
}
