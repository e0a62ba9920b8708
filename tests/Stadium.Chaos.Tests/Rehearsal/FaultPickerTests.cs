using Stadium.Chaos.Experiments;
using Stadium.Chaos.Rehearsal;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>Faults drawn from the shipped matrix: seeded, spaced for their recoveries, and skipped when the cluster lacks their target.</summary>
public sealed class FaultPickerTests
{
    private static readonly ClusterShape Full = new(Nodes: 2, Workers: 1, Replicas: 1);

    [Fact]
    public void The_matrix_is_every_fault_step_of_the_shipped_experiments()
    {
        var matrix = FaultMatrix.Shipped();

        Assert.Equal(
            ["chaos/db-latency.yaml", "chaos/db-loss.yaml", "chaos/node-kill.yaml", "chaos/primary-down.yaml", "chaos/redis-down.yaml", "chaos/replica-lag.yaml", "chaos/worker-kill.yaml"],
            matrix.Select(f => f.File));
        Assert.Contains(matrix, f => f.Step is { Fault: "kill", Target: "api-2" });
        Assert.Contains(matrix, f => f.Step is { Fault: "down", Target: "primary" });
    }

    [Fact]
    public void The_same_seed_draws_the_same_faults_at_the_same_times()
    {
        var first = FaultPicker.Pick(FaultMatrix.Shipped(), Full, TimeSpan.FromMinutes(10), 42);
        var again = FaultPicker.Pick(FaultMatrix.Shipped(), Full, TimeSpan.FromMinutes(10), 42);
        var draws = Enumerable.Range(1, 20).Select(seed => Describe(FaultPicker.Pick(FaultMatrix.Shipped(), Full, TimeSpan.FromMinutes(10), seed))).ToHashSet();

        Assert.Equal(Describe(first), Describe(again));
        Assert.True(draws.Count > 10, $"20 seeds drew only {draws.Count} different sets");
    }

    [Theory]
    [InlineData(30)]
    [InlineData(40)]
    [InlineData(600)]
    [InlineData(3600)]
    public void Faults_start_after_the_first_seconds_and_leave_the_gap_before_the_next_and_the_end(int seconds)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        foreach (var seed in Enumerable.Range(0, 50))
        {
            var pick = FaultPicker.Pick(FaultMatrix.Shipped(), Full, duration, seed);

            Assert.NotEmpty(pick.Faults);
            Assert.Equal(Math.Max(1, (int)((duration - TimeSpan.FromSeconds(Math.Min(10, seconds / 4.0))) / FaultPicker.FaultEvery)), pick.Faults.Count);
            Assert.InRange(pick.Gap, FaultPicker.MinGap, FaultPicker.RecoveryRoom);
            var steps = pick.Faults.Select(f => f.Step).ToList();
            Assert.True(steps[0].At >= TimeSpan.FromSeconds(Math.Min(10, seconds / 4.0)), $"first at {steps[0].At}");
            Assert.All(steps, s => Assert.InRange(s.Duration, FaultPicker.ShortestFault, TimeSpan.FromSeconds(30)));
            Assert.All(steps.Zip(steps.Skip(1)), pair => Assert.True(pair.First.At + pair.First.Duration + pick.Gap <= pair.Second.At + TimeSpan.FromMilliseconds(1), $"{pair.First.Describe} then {pair.Second.Describe}"));
            Assert.True(steps[^1].At + steps[^1].Duration + pick.Gap <= duration + TimeSpan.FromMilliseconds(1), steps[^1].Describe);
        }
    }

    [Fact]
    public void A_long_run_draws_every_fault_before_any_repeats()
    {
        var pick = FaultPicker.Pick(FaultMatrix.Shipped(), Full, TimeSpan.FromMinutes(20), 7);

        Assert.Equal(7, pick.Faults.Take(7).Select(f => f.File).Distinct().Count());
        Assert.Empty(pick.Skipped);
    }

    [Fact]
    public void Faults_whose_target_the_cluster_lacks_are_skipped_with_a_line_each()
    {
        var shape = new ClusterShape(Nodes: 1, Workers: 0, Replicas: 0);

        var pick = FaultPicker.Pick(FaultMatrix.Shipped(), shape, TimeSpan.FromMinutes(30), 3);

        Assert.Equal(3, pick.Skipped.Count);
        Assert.Contains(pick.Skipped, s => s.StartsWith("kill api-2 (chaos/node-kill.yaml): skipped, the cluster has 1 API nodes", StringComparison.Ordinal));
        Assert.Contains(pick.Skipped, s => s.StartsWith("kill worker-1 (chaos/worker-kill.yaml): skipped, the cluster has 0 workers", StringComparison.Ordinal));
        Assert.Contains(pick.Skipped, s => s.StartsWith("replica-lag replica-1 (chaos/replica-lag.yaml): skipped, the cluster has 0 replicas", StringComparison.Ordinal));
        Assert.All(pick.Faults, f => Assert.Contains(f.Step.Target, (string[])["primary", "redis"]));
    }

    [Fact]
    public void A_cluster_that_can_take_no_fault_gets_none_and_says_why()
    {
        MatrixFault[] matrix = [new("chaos/x.yaml", new MethodStep("kill", "worker-3", TimeSpan.Zero, TimeSpan.FromSeconds(20), new Dictionary<string, string>(), 1))];

        var pick = FaultPicker.Pick(matrix, Full, TimeSpan.FromMinutes(10), 1);

        Assert.Empty(pick.Faults);
        Assert.Equal(["kill worker-3 (chaos/x.yaml): skipped, the cluster has 1 workers", "no fault of the matrix fits this cluster"], pick.Skipped);
    }

    private static string Describe(FaultPick pick) => string.Join(" | ", pick.Faults.Select(f => f.Step.Describe));
}
