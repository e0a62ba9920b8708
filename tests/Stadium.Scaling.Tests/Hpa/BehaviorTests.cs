using Microsoft.Extensions.Time.Testing;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Tests.Hpa;

/// <summary>
/// Stabilisation windows and rate policies under a fake clock, against the "Configurable scaling behavior" section of
/// kubernetes.io/docs/concepts/workloads/autoscaling/horizontal-pod-autoscale: its default behaviour (scale-up doubles
/// or adds 4 per 15 s; scale-down takes the highest recommendation of 300 s) and its scale-down policy example
/// (4 Pods or 10 Percent per 60 s: 80 replicas lose 8, then 72 lose 8 again, 7.2 "rounded up").
/// </summary>
public sealed class BehaviorTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-03T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void After_a_scale_out_no_scale_in_happens_inside_the_300_s_window()
    {
        var hpa = new HorizontalAutoscaler(1, 10, ScalingBehavior.Default, _clock);
        var current = Apply(hpa, 2, 4);
        Assert.Equal(4, current);

        // Load falls at once: every round for the next 300 s recommends 2, and the count holds at 4.
        for (var second = 15; second < 300; second += 15)
        {
            _clock.Advance(TimeSpan.FromSeconds(15));
            var held = hpa.Decide(current, [Outcome("cpu", 2)]);
            Assert.Equal(4, held.Desired);
            Assert.Contains("stabilised", held.Reason, StringComparison.Ordinal);
        }

        // 300 s after the last recommendation of 4 it may go.
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(2, hpa.Decide(current, [Outcome("cpu", 2)]).Desired);
    }

    [Fact]
    public void A_fresh_autoscaler_does_not_scale_in_before_one_window_has_passed()
    {
        var hpa = new HorizontalAutoscaler(1, 10, ScalingBehavior.Default, _clock);

        Assert.Equal(5, hpa.Decide(5, [Outcome("cpu", 1)]).Desired);
        _clock.Advance(TimeSpan.FromSeconds(301));
        Assert.Equal(1, hpa.Decide(5, [Outcome("cpu", 1)]).Desired);
    }

    [Fact]
    public void The_default_scale_up_doubles_or_adds_four_per_15_s_whichever_is_more()
    {
        var hpa = new HorizontalAutoscaler(1, 100, ScalingBehavior.Default, _clock);

        // From 1: max(ceil(1 x 2), 1 + 4) = 5.
        var current = Apply(hpa, 1, 40);
        Assert.Equal(5, current);
        // Inside the same 15 s the period still starts at 1: no more.
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(5, hpa.Decide(current, [Outcome("latency", 40)]).Desired);
        // A new period: max(5 x 2, 5 + 4) = 10, then 20, then 40.
        _clock.Advance(TimeSpan.FromSeconds(11));
        current = Apply(hpa, current, 40);
        Assert.Equal(10, current);
        _clock.Advance(TimeSpan.FromSeconds(15));
        current = Apply(hpa, current, 40);
        Assert.Equal(20, current);
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(40, Apply(hpa, current, 40));
    }

    [Fact]
    public void The_documented_scale_down_policies_remove_8_of_80_then_8_of_72_then_4_at_a_time_below_40()
    {
        var down = new ScalingRules(TimeSpan.Zero, SelectPolicy.Max,
        [
            new ScalingPolicy(ScalingPolicyType.Pods, 4, TimeSpan.FromSeconds(60)),
            new ScalingPolicy(ScalingPolicyType.Percent, 10, TimeSpan.FromSeconds(60)),
        ]);
        var hpa = new HorizontalAutoscaler(1, 100, new ScalingBehavior(ScalingRules.DefaultScaleUp, down), _clock);
        hpa.Decide(80, [Outcome("cpu", 80)]);

        var current = Apply(hpa, 80, 10);
        Assert.Equal(72, current);
        // Within the 60 s period nothing more may go.
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(72, hpa.Decide(current, [Outcome("cpu", 10)]).Desired);
        _clock.Advance(TimeSpan.FromSeconds(31));
        current = Apply(hpa, current, 10);
        Assert.Equal(64, current);
        while (current > 40)
        {
            _clock.Advance(TimeSpan.FromSeconds(61));
            current = Apply(hpa, current, 10);
        }

        // 64 -> 57 -> 51 -> 45 -> 40 by the Percent policy (truncated); from 40 on the Pods policy's 4 is the larger change.
        Assert.Equal(40, current);
        _clock.Advance(TimeSpan.FromSeconds(61));
        var before = current;
        current = Apply(hpa, current, 10);
        Assert.Equal(before - 4, current);
    }

    [Fact]
    public void Select_policy_min_takes_the_smaller_change_and_disabled_takes_none()
    {
        var up = new ScalingRules(TimeSpan.Zero, SelectPolicy.Min,
        [
            new ScalingPolicy(ScalingPolicyType.Percent, 100, TimeSpan.FromSeconds(15)),
            new ScalingPolicy(ScalingPolicyType.Pods, 1, TimeSpan.FromSeconds(15)),
        ]);
        var slow = new HorizontalAutoscaler(1, 10, new ScalingBehavior(up, ScalingRules.DefaultScaleDown), _clock);
        Assert.Equal(5, Apply(slow, 4, 10));

        var frozen = new ScalingRules(TimeSpan.Zero, SelectPolicy.Disabled, []);
        var never = new HorizontalAutoscaler(1, 10, new ScalingBehavior(ScalingRules.DefaultScaleUp, frozen), _clock);
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(6, never.Decide(6, [Outcome("cpu", 1)]).Desired);
    }

    [Fact]
    public void The_largest_proposal_wins_and_min_max_bound_it()
    {
        var hpa = new HorizontalAutoscaler(2, 6, ScalingBehavior.Default, _clock);

        var decision = hpa.Decide(3, [Outcome("cpu", 4), Outcome("latency", 5), Outcome("errorRate", 3)]);
        Assert.Equal(5, decision.Desired);
        Assert.Equal("latency", decision.Signal);

        _clock.Advance(TimeSpan.FromSeconds(15));
        var capped = hpa.Decide(3, [Outcome("cpu", 30)]);
        Assert.Equal(30, capped.Recommended);
        Assert.Equal(6, capped.Desired);
        Assert.Equal(6, hpa.Decide(9, [Outcome("cpu", 1)]).Desired);
        Assert.Equal(2, hpa.Decide(1, [Outcome("cpu", 1)]).Desired);
    }

    [Fact]
    public void A_metric_without_a_value_blocks_a_scale_down_but_not_a_scale_up()
    {
        var window = new ScalingRules(TimeSpan.Zero, SelectPolicy.Max, ScalingRules.DefaultScaleDown.Policies);
        var hpa = new HorizontalAutoscaler(1, 10, new ScalingBehavior(ScalingRules.DefaultScaleUp, window), _clock);
        var missing = new MetricOutcome("memory", new MetricTarget(MetricTargetType.Utilization, 80), MetricProposal.Invalid("no ready member reported a value"));

        var down = hpa.Decide(4, [Outcome("cpu", 2), missing]);
        Assert.Equal(4, down.Desired);
        Assert.Contains("memory: no ready member reported a value", down.Reason, StringComparison.Ordinal);

        Assert.Equal(6, hpa.Decide(4, [Outcome("cpu", 6), missing]).Desired);
        Assert.Equal(4, hpa.Decide(4, [missing]).Desired);
    }

    private static MetricOutcome Outcome(string signal, int replicas) =>
        new(signal, new MetricTarget(MetricTargetType.Utilization, 70), new MetricProposal(replicas, 70));

    private static int Apply(HorizontalAutoscaler hpa, int current, int proposal)
    {
        var decision = hpa.Decide(current, [Outcome("cpu", proposal)]);
        hpa.Applied(current, decision.Desired);
        return decision.Desired;
    }
}
