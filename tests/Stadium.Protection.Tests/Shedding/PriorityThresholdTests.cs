using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

public sealed class PriorityThresholdTests
{
    private static readonly TimeSpan Target = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Lagging = TimeSpan.FromMilliseconds(30);

    private static PriorityThreshold Threshold() => new(new SheddingOptions { Cohorts = 64, LagTarget = Target });

    /// <summary>A window in which 100 requests arrived at each of <paramref name="priorities"/> and the pool lagged by <paramref name="lag"/>.</summary>
    private static void Window(PriorityThreshold threshold, TimeSpan lag, params int[] priorities)
    {
        foreach (var priority in priorities)
        {
            for (var i = 0; i < 100; i++)
            {
                threshold.Admits(priority, Random.Shared);
            }
        }

        threshold.OnWindow(lag);
    }

    private static double AdmittedShare(PriorityThreshold threshold, int priority, Random random) =>
        Enumerable.Range(0, 10_000).Count(_ => threshold.Admits(priority, random)) / 10_000.0;

    [Fact]
    public void Without_lag_everything_is_admitted()
    {
        var threshold = Threshold();
        Window(threshold, TimeSpan.FromMilliseconds(1), 0, 100, 191);
        Assert.Equal(3 * 64, threshold.Level);
        Assert.True(threshold.Admits(3 * 64 - 1, new Random(1)));
    }

    [Fact]
    public void A_standing_lag_sheds_bulk_first_then_anonymous_then_signed_in_cohorts_from_the_back()
    {
        var threshold = Threshold();
        var random = new Random(1);
        int[] mix = [3, 40, 70, 150]; // two signed-in cohorts, one anonymous, one bulk: a quarter of arrivals each
        for (var i = 0; i < 3; i++)
        {
            Window(threshold, Lagging, mix); // 0.9^3 = 73 % admitted: bulk shed, anonymous nearly all
        }

        Assert.InRange(threshold.Level, 70, 71);
        Assert.True(threshold.Admits(40, random));
        Assert.False(threshold.Admits(150, random));

        for (var i = 0; i < 5; i++)
        {
            Window(threshold, Lagging, mix); // 0.9^8 = 43 %: anonymous shed, the back signed-in cohort partly
        }

        Assert.InRange(threshold.Level, 40, 41);
        Assert.False(threshold.Admits(70, random));
        Assert.True(threshold.Admits(3, random));
    }

    [Fact]
    public void When_everyone_shares_one_priority_the_right_share_of_it_is_admitted()
    {
        var threshold = Threshold();
        for (var i = 0; i < 7; i++)
        {
            Window(threshold, Lagging, 37);
        }

        Assert.InRange(threshold.Admitted, 0.47, 0.48); // 0.9^7
        Assert.InRange(AdmittedShare(threshold, 37, new Random(3)), 0.44, 0.51);
        Assert.Equal(1.0, AdmittedShare(threshold, 36, new Random(3)));
        Assert.Equal(0.0, AdmittedShare(threshold, 38, new Random(3)));
    }

    [Fact]
    public void It_never_admits_less_than_a_twentieth()
    {
        var threshold = Threshold();
        for (var i = 0; i < 200; i++)
        {
            Window(threshold, Lagging, 5);
        }

        Assert.Equal(0.05, threshold.Admitted, 3);
        Assert.InRange(AdmittedShare(threshold, 5, new Random(4)), 0.03, 0.07);
    }

    [Fact]
    public void It_never_sheds_below_the_capacity_the_node_has_shown()
    {
        // Saturated at 1 x: 400 arrive and 400 finish a window. Shedding could only lose goodput here.
        var atPeak = Threshold();
        for (var i = 0; i < 30; i++)
        {
            Finish(atPeak, 400);
            Window(atPeak, Lagging, 1, 2, 3, 4);
        }

        Assert.InRange(atPeak.Admitted, 0.9, 1);

        // Saturated at 4 x: 400 arrive, 100 finish. The share falls to about what the node can finish, no further.
        var overloaded = Threshold();
        for (var i = 0; i < 60; i++)
        {
            Finish(overloaded, 100);
            Window(overloaded, Lagging, 1, 2, 3, 4);
        }

        Assert.InRange(overloaded.Admitted, 0.2, 0.25);

        static void Finish(PriorityThreshold threshold, int requests)
        {
            for (var i = 0; i < requests; i++)
            {
                threshold.Completed();
            }
        }
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

        Assert.Equal(1, threshold.Admitted);
        Assert.Equal(3 * 64, threshold.Level);
    }

    [Fact]
    public void It_climbs_back_slowly_once_the_lag_is_gone_and_holds_in_between()
    {
        var threshold = Threshold();
        for (var i = 0; i < 20; i++)
        {
            Window(threshold, Lagging, 10);
        }

        var low = threshold.Admitted;
        Window(threshold, TimeSpan.FromMilliseconds(7), 10); // between half the target and the target: hold
        Assert.Equal(low, threshold.Admitted);

        Window(threshold, TimeSpan.FromMilliseconds(1), 10);
        Assert.Equal(low + 0.02, threshold.Admitted, 6); // one window adds a little, not everything at once
        for (var i = 0; i < 100; i++)
        {
            Window(threshold, TimeSpan.Zero, 10);
        }

        Assert.Equal(3 * 64, threshold.Level);
    }

    [Fact]
    public void It_stops_shedding_for_the_cpu_once_refusals_are_measured_to_cost_what_answers_do()
    {
        var cpu = TimeSpan.FromSeconds(1);
        var threshold = new PriorityThreshold(new SheddingOptions { Cohorts = 64, LagTarget = Target }, () => cpu);
        var random = new Random(1);

        // A lagging window of 400 arrivals: each admitted one served at 60 us, each refused one at 66 us.
        void LaggingWindow()
        {
            var (served, refused) = (0, 0);
            for (var i = 0; i < 400; i++)
            {
                if (threshold.Admits(i % 192, random))
                {
                    threshold.Completed();
                    served++;
                }
                else
                {
                    threshold.Refused();
                    refused++;
                }
            }

            cpu += TimeSpan.FromMicroseconds((served * 60) + (refused * 66));
            threshold.OnWindow(Lagging);
        }

        LaggingWindow(); // nothing shed yet: the answers' cost is measured, and the share falls
        Assert.True(threshold.Admitted < 1);
        Assert.True(double.IsNaN(threshold.RefusalCostRatio));

        for (var i = 0; i < 3; i++)
        {
            LaggingWindow(); // refusals measured at 1.1 x an answer: shedding frees nothing
        }

        Assert.InRange(threshold.RefusalCostRatio, 1.05, 1.15);
        Assert.Equal(1, threshold.Admitted);
        LaggingWindow();
        Assert.Equal(1, threshold.Admitted);
    }
}
