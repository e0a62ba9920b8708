using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

public sealed class PriorityThresholdTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(10);

    private static PriorityThreshold Threshold() => new(new SheddingOptions { Cohorts = 64, LagTarget = Target });

    /// <summary>A busy window: enough requests arrived (counted by asking about them) and the pool lagged by <paramref name="lag"/>.</summary>
    private static void Busy(PriorityThreshold threshold, TimeSpan lag)
    {
        for (var i = 0; i < 100; i++)
        {
            threshold.Admits(0, Random.Shared);
        }

        threshold.OnWindow(lag);
    }

    [Fact]
    public void Without_lag_everything_is_admitted()
    {
        var threshold = Threshold();
        threshold.OnWindow(TimeSpan.FromMilliseconds(1));
        Assert.Equal(3 * 64, threshold.Level);
        Assert.True(threshold.Admits(3 * 64 - 1, new Random(1)));
    }

    [Fact]
    public void A_standing_lag_sheds_bulk_first_then_anonymous_then_signed_in_cohorts_from_the_back()
    {
        var threshold = Threshold();
        var random = new Random(1);
        var levels = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            Busy(threshold, TimeSpan.FromMilliseconds(30));
            levels.Add(threshold.Level);
        }

        Assert.Equal(levels.OrderDescending(), levels);
        var afterFive = levels[4]; // 192 x 0.9^5 = 113: bulk (128..191) shed, anonymous partly
        Assert.InRange(afterFive, 100, 128);
        Assert.False(threshold.Admits(2 * 64, random));
        Assert.Equal(1, threshold.Level); // the floor: one signed-in cohort keeps being served
        Assert.True(threshold.Admits(0, random));
        Assert.False(threshold.Admits(1, random));
    }

    [Fact]
    public void Within_a_window_the_same_priorities_are_admitted_and_the_boundary_one_partly()
    {
        var threshold = Threshold();
        for (var i = 0; i < 6; i++)
        {
            Busy(threshold, TimeSpan.FromMilliseconds(30)); // 192 x 0.9^6 = 102.04
        }

        var random = new Random(3);
        var boundary = (int)Math.Floor(threshold.Level);
        Assert.All(Enumerable.Range(0, boundary), p => Assert.True(threshold.Admits(p, random)));
        Assert.All(Enumerable.Range(boundary + 1, 60), p => Assert.False(threshold.Admits(p, random)));
        var share = Enumerable.Range(0, 10_000).Count(_ => threshold.Admits(boundary, random)) / 10_000.0;
        Assert.InRange(share, threshold.Level - boundary - 0.03, threshold.Level - boundary + 0.03);
    }

    [Fact]
    public void A_quiet_node_on_a_lagging_machine_sheds_nothing()
    {
        var threshold = Threshold();
        for (var i = 0; i < 50; i++)
        {
            threshold.Admits(0, Random.Shared); // two requests a window: 20/s, far from busy
            threshold.Admits(5, Random.Shared);
            threshold.OnWindow(TimeSpan.FromMilliseconds(80));
        }

        Assert.Equal(3 * 64, threshold.Level);
    }

    [Fact]
    public void It_climbs_back_slowly_once_the_lag_is_gone_and_holds_in_between()
    {
        var threshold = Threshold();
        for (var i = 0; i < 20; i++)
        {
            Busy(threshold, TimeSpan.FromMilliseconds(30));
        }

        var low = threshold.Level;
        threshold.OnWindow(TimeSpan.FromMilliseconds(7)); // between half the target and the target: hold
        Assert.Equal(low, threshold.Level);

        threshold.OnWindow(TimeSpan.FromMilliseconds(1));
        Assert.InRange(threshold.Level - low, 0.2, 2); // one window adds a little, not everything at once
        for (var i = 0; i < 1000; i++)
        {
            threshold.OnWindow(TimeSpan.Zero);
        }

        Assert.Equal(3 * 64, threshold.Level);
    }
}
