using Stadium.Planning.Plan;
using Stadium.Planning.Simulate;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>
/// The autoscaler's real classes on the simulated clock: a ramp through a CPU-only policy file (interval 5 s, scale-down
/// window 60 s, 1 to 4 nodes), as bench/scale-out.sh runs it live.
/// </summary>
public sealed class SimulationRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_real_hpa_scales_out_on_a_ramp_and_back_in_after_the_stabilisation_window()
    {
        var results = await RunRamp(seed: 7);
        var outcome = Assert.Single(results.Outcomes);

        Assert.True(outcome.ScaleOuts >= 1, $"no scale-out: {Events(outcome)}");
        Assert.True(outcome.ScaleIns >= 1, $"no scale-in: {Events(outcome)}");
        Assert.True(outcome.MaxNodes >= 3, $"at most {outcome.MaxNodes} nodes for 3 x one node's capacity");
        Assert.All(outcome.Events, e => Assert.Equal("cpu", e.Signal));
        var lastOut = outcome.Events.Last(e => e.To > e.From).Second;
        var firstIn = outcome.Events.First(e => e.To < e.From).Second;
        Assert.True(firstIn - lastOut >= 60, $"scaled in {firstIn - lastOut} s after the last scale-out, inside the 60 s window: {Events(outcome)}");
        // The ramp back down ends at 420 s; everything is back at one node before the run's end.
        Assert.Equal(1, outcome.Slots[^1].Nodes, 6);
        Assert.InRange(outcome.NodeSeconds, 900, 4 * 900);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        var first = Assert.Single((await RunRamp(seed: 3)).Outcomes);
        var again = Assert.Single((await RunRamp(seed: 3)).Outcomes);
        var other = Assert.Single((await RunRamp(seed: 4)).Outcomes);

        Assert.Equal(first.Events, again.Events);
        Assert.Equal(first.NodeSeconds, again.NodeSeconds);
        Assert.Equal(first.Slots.Select(s => s.CpuPercent), again.Slots.Select(s => s.CpuPercent));
        Assert.NotEqual(first.Arrivals, other.Arrivals);
    }

    [Fact]
    public async Task Plots_are_written_as_png()
    {
        var results = await RunRamp(seed: 1);

        var files = SimulationPlots.Write(results, Path.Combine(_folder, "plots"));

        Assert.Equal(4, files.Count);
        Assert.All(files, f => Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(f).Take(4)));
    }

    private async Task<SimulationResults> RunRamp(int seed)
    {
        var trace = Path.Combine(_folder, "ramp.csv");
        await File.WriteAllLinesAsync(trace, ["second,arrivals_per_second", "0,30", "60,30", "180,300", "300,300", "420,30", "900,30"]);
        var policy = Path.Combine(_folder, "cpu-ramp.yaml");
        await File.WriteAllTextAsync(policy, """
            interval: 5s
            window: 10s
            targets:
              - name: api
                driver: local
                local: { role: api }
                minReplicas: 1
                maxReplicas: 4
                metrics:
                  - { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
                behavior:
                  scaleUp:
                    stabilizationWindowSeconds: 0
                    policies: [{ type: Percent, value: 100, periodSeconds: 15 }, { type: Pods, value: 4, periodSeconds: 15 }]
                  scaleDown:
                    stabilizationWindowSeconds: 60
                    policies: [{ type: Pods, value: 1, periodSeconds: 30 }]
            """);
        var request = new SimulationRequest(null, PlanInputs.Defaults(1_000_000), trace, NodeCores: 0.5, NodeCapacity: 100, Seed: seed);
        return await Simulator.RunAsync(request, [policy], CancellationToken.None);
    }

    private static string Events(PolicyOutcome outcome) => string.Join("; ", outcome.Events.Select(e => $"{e.Second}s {e.From}->{e.To}"));
}
