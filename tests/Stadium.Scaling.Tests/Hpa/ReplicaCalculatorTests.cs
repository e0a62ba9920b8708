using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Tests.Hpa;

/// <summary>
/// One metric's proposal against the Kubernetes documentation's worked examples: "Algorithm details" of
/// kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale (200m against 100m doubles, 50m halves,
/// the 0.1 tolerance, missing metrics at 100 % on a scale-down and 0 % on a scale-up, not-ready pods at 0 % on a
/// scale-up, never reversing the direction) and the v1.33 tolerance post (kubernetes.io/blog/2025/04/28: 50 replicas at
/// 90 % against 75 % become 60).
/// </summary>
public sealed class ReplicaCalculatorTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_value_twice_the_target_doubles_the_replicas_and_half_of_it_halves_them()
    {
        Assert.Equal(6, Propose(3, Ready(3), 200, 100));
        Assert.Equal(2, Propose(4, Ready(4), 50, 100));
    }

    [Fact]
    public void The_tolerance_post_example_scales_50_replicas_at_90_percent_against_75_to_60()
    {
        Assert.Equal(60, Propose(50, Ready(50), 90, 75));
    }

    [Fact]
    public void Within_ten_percent_of_the_target_nothing_moves()
    {
        Assert.Equal(4, Propose(4, Ready(4), 109, 100));
        Assert.Equal(4, Propose(4, Ready(4), 91, 100));
        Assert.Equal(5, Propose(4, Ready(4), 111, 100));
        Assert.Equal(5, Propose(4, Ready(4), 105, 100, tolerance: 0.01));
    }

    [Fact]
    public void A_member_without_a_value_counts_as_at_the_target_on_a_scale_down()
    {
        // Three ready members at 20 against 50 (ratio 0.4) would give ceil(0.4 x 3) = 2; the fourth, silent, counts as 50:
        // (20 + 20 + 20 + 50) / 4 = 27.5, ratio 0.55, ceil(0.55 x 4) = 3.
        var members = Ready(4);
        var values = Values(members.Take(3), 20);
        var proposal = ReplicaCalculator.Propose(4, members, MetricReading.OfReplicas(values), Utilization(50), 0.1);

        Assert.Equal(3, proposal.Replicas);
        Assert.Equal(20, proposal.Value);
    }

    [Fact]
    public void A_member_without_a_value_counts_as_zero_on_a_scale_up()
    {
        // Two at 150 against 50 (ratio 3) with two silent: (150 + 150 + 0 + 0) / 4 = 75, ratio 1.5, ceil(1.5 x 4) = 6.
        var members = Ready(4);
        var proposal = ReplicaCalculator.Propose(4, members, MetricReading.OfReplicas(Values(members.Take(2), 150)), Utilization(50), 0.1);

        Assert.Equal(6, proposal.Replicas);
    }

    [Fact]
    public void Members_not_ready_count_as_zero_on_a_scale_up_and_are_left_out_of_a_scale_down()
    {
        // Three ready at 120 against 60 (ratio 2) and one starting: (3 x 120 + 0) / 4 = 90, ratio 1.5, ceil(1.5 x 4) = 6.
        var members = Ready(3).Append(new ReplicaState("api-4", false, Start)).ToList();
        var up = ReplicaCalculator.Propose(4, members, MetricReading.OfReplicas(Values(members, 120)), Utilization(60), 0.1);
        Assert.Equal(6, up.Replicas);

        // On a scale-down the starting member is ignored: 3 ready at 20 against 60, ceil(1/3 x 3) = 1.
        var down = ReplicaCalculator.Propose(4, members, MetricReading.OfReplicas(Values(members, 20)), Utilization(60), 0.1);
        Assert.Equal(1, down.Replicas);
    }

    [Fact]
    public void Members_not_ready_never_reverse_a_scale_up_into_a_scale_down()
    {
        // Two ready at 90 against 60 (ratio 1.5) and two starting: (90 + 90 + 0 + 0) / 4 = 45, ratio 0.75: hold at 4.
        var members = Ready(2).Concat([new ReplicaState("api-3", false, Start), new ReplicaState("api-4", false, Start)]).ToList();
        var proposal = ReplicaCalculator.Propose(4, members, MetricReading.OfReplicas(Values(members.Take(2), 90)), Utilization(60), 0.1);

        Assert.Equal(4, proposal.Replicas);
    }

    [Fact]
    public void No_ready_member_with_a_value_is_no_proposal()
    {
        var proposal = ReplicaCalculator.Propose(2, Ready(2), MetricReading.OfReplicas(new Dictionary<string, double>()), Utilization(70), 0.1);

        Assert.Null(proposal.Replicas);
        Assert.NotNull(proposal.Problem);
    }

    [Fact]
    public void A_total_against_an_average_value_asks_for_ceil_of_total_over_target()
    {
        // 95 in flight against 20 per replica on 2 replicas: ceil(95 / 20) = 5; the value shown is per ready replica.
        var proposal = ReplicaCalculator.Propose(2, Ready(2), MetricReading.OfTarget(95), new MetricTarget(MetricTargetType.AverageValue, 20), 0.1);

        Assert.Equal(5, proposal.Replicas);
        Assert.Equal(47.5, proposal.Value);
        // 42 against 20 x 2 is within 10 %: hold.
        Assert.Equal(2, ReplicaCalculator.Propose(2, Ready(2), MetricReading.OfTarget(42), new MetricTarget(MetricTargetType.AverageValue, 20), 0.1).Replicas);
    }

    [Fact]
    public void A_value_target_scales_the_ready_count_by_the_ratio()
    {
        // p99 at 180 % of the objective against 100 % with 3 ready of 4: ceil(1.8 x 3) = 6.
        var members = Ready(3).Append(new ReplicaState("api-4", false, Start)).ToList();
        var proposal = ReplicaCalculator.Propose(4, members, MetricReading.OfTarget(180), new MetricTarget(MetricTargetType.Value, 100), 0.1);

        Assert.Equal(6, proposal.Replicas);
    }

    internal static List<ReplicaState> Ready(int count) =>
        Enumerable.Range(1, count).Select(i => new ReplicaState($"api-{i}", true, Start)).ToList();

    private static Dictionary<string, double> Values(IEnumerable<ReplicaState> members, double value) =>
        members.ToDictionary(m => m.Name, _ => value);

    private static MetricTarget Utilization(double percent) => new(MetricTargetType.Utilization, percent);

    private static int Propose(int current, IReadOnlyList<ReplicaState> members, double each, double target, double tolerance = 0.1) =>
        ReplicaCalculator.Propose(current, members, MetricReading.OfReplicas(Values(members, each)), Utilization(target), tolerance).Replicas!.Value;
}
