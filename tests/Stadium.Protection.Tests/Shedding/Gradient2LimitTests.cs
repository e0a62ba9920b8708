using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

/// <summary>
/// The limit against a simulated node on a fake clock: every window the node is offered as many requests as the limit
/// allows (saturated, as under overload), and answers them in a latency the test chooses.
/// </summary>
public sealed class Gradient2LimitTests
{
    private readonly FakeTimeProvider _time = new();

    private Gradient2Limit Limit(int initial = 20, int min = 4, int max = 1000) =>
        new(new SheddingOptions { InitialLimit = initial, MinLimit = min, MaxLimit = max }, _time);

    /// <summary>One 100 ms window of twenty requests, each in flight with <c>limit</c> others, taking <paramref name="rtt"/>.</summary>
    private void Window(Gradient2Limit limit, Func<int, TimeSpan> rtt, int? inFlight = null)
    {
        var concurrency = inFlight ?? limit.Limit;
        _time.Advance(TimeSpan.FromMilliseconds(100));
        for (var i = 0; i < 20; i++)
        {
            limit.OnSample(rtt(concurrency), concurrency);
        }
    }

    private static TimeSpan Flat(int concurrency) => TimeSpan.FromMilliseconds(5);

    /// <summary>A node with 40 workers: past 40 in flight requests queue inside it and latency grows in proportion.</summary>
    private static TimeSpan FortyWorkers(int concurrency) => TimeSpan.FromMilliseconds(5 * Math.Max(1.0, concurrency / 40.0));

    [Fact]
    public void It_rises_while_latency_stays_low()
    {
        var limit = Limit(initial: 20);
        var seen = new List<int>();
        for (var i = 0; i < 50; i++)
        {
            Window(limit, Flat);
            seen.Add(limit.Limit);
        }

        Assert.True(limit.Limit > 60, $"limit {limit.Limit} after 50 fast windows");
        Assert.Equal(seen.Order(), seen); // never falls while nothing slows down
    }

    [Fact]
    public void Started_under_a_standing_queue_it_learns_the_queue_as_normal_unless_a_ceiling_says_otherwise()
    {
        // A gateway in front of saturated nodes: every window takes 100 ms from the very first one.
        static TimeSpan Queued(int concurrency) => TimeSpan.FromMilliseconds(100);
        var learnt = Limit(initial: 20);
        var capped = new Gradient2Limit(new SheddingOptions { InitialLimit = 20, MinLimit = 4, MaxLimit = 1000, LatencyCeiling = TimeSpan.FromMilliseconds(25) }, _time);
        for (var i = 0; i < 100; i++)
        {
            Window(learnt, Queued);
            Window(capped, Queued);
        }

        Assert.True(learnt.Limit > 100, $"without a ceiling the limit grew to {learnt.Limit}");
        Assert.Equal(4, capped.Limit);
        Assert.Equal(0.025, capped.LongRttSeconds, 6);

        // Once answers are fast again, the capped limit grows as any other.
        for (var i = 0; i < 50; i++)
        {
            Window(capped, Flat);
        }

        Assert.True(capped.Limit > 30, $"limit {capped.Limit} after 50 fast windows");
    }

    [Fact]
    public void It_finds_the_nodes_capacity_when_latency_grows_with_concurrency()
    {
        var limit = Limit(initial: 20);
        var settled = new List<int>();
        for (var i = 0; i < 400; i++)
        {
            Window(limit, FortyWorkers);
            if (i >= 200)
            {
                settled.Add(limit.Limit);
            }
        }

        // Settles above the 40 workers (it may queue up to its tolerance of latency) but far below the 1000 maximum:
        // at most about twice the capacity, so a request waits behind at most one other inside the node.
        Assert.InRange(settled.Min(), 45, 90);
        Assert.InRange(settled.Max(), 45, 90);
    }

    [Fact]
    public void Saturated_under_a_ceiling_it_keeps_the_mean_latency_at_the_ceiling_not_past_it()
    {
        // A gateway in front of a saturated node: 20 ms of standing queue, and each request in flight adds 0.25 ms.
        // The long-run latency is learnt at (or clamped to) the 25 ms ceiling. Comparing windows with the ceiling times
        // the tolerance let it settle near 42 ms (88 in flight), a p99 near 100 ms at the edge; the ceiling is the mean.
        static TimeSpan Standing(int concurrency) => TimeSpan.FromMilliseconds(20 + (0.25 * concurrency));
        var limit = new Gradient2Limit(new SheddingOptions { InitialLimit = 20, MinLimit = 4, MaxLimit = 1000, LatencyCeiling = TimeSpan.FromMilliseconds(25) }, _time);
        var settled = new List<double>();
        for (var i = 0; i < 400; i++)
        {
            Window(limit, Standing);
            if (i >= 200)
            {
                settled.Add(Standing(limit.Limit).TotalMilliseconds);
            }
        }

        Assert.InRange(settled.Average(), 25, 31); // at the ceiling, within the margin of the growth step (sqrt of the limit)
        Assert.True(limit.Limit >= 16, $"limit {limit.Limit}: the node must still be offered work past its 20 ms floor");
    }

    [Fact]
    public void It_falls_when_latency_jumps_and_recovers_when_it_returns()
    {
        var limit = Limit(initial: 100);
        for (var i = 0; i < 30; i++)
        {
            Window(limit, Flat);
        }

        var before = limit.Limit;
        for (var i = 0; i < 30; i++)
        {
            Window(limit, _ => TimeSpan.FromMilliseconds(50)); // the node slows tenfold (a noisy neighbour, a GC storm)
        }

        var slow = limit.Limit;
        Assert.True(slow < before / 4, $"limit {slow} after the slow spell, {before} before");

        for (var i = 0; i < 100; i++)
        {
            Window(limit, Flat);
        }

        Assert.True(limit.Limit > before, $"limit {limit.Limit} after recovery, {before} before the slow spell");
    }

    [Fact]
    public void It_stays_within_its_minimum_and_maximum()
    {
        var limit = Limit(initial: 20, min: 8, max: 64);
        for (var i = 0; i < 200; i++)
        {
            Window(limit, Flat);
            Assert.InRange(limit.Limit, 8, 64);
        }

        Assert.Equal(64, limit.Limit);

        // Latency doubling every window: the gradient is at its floor the whole time.
        var rtt = 5.0;
        for (var i = 0; i < 200; i++)
        {
            rtt = Math.Min(rtt * 2, 1e6);
            Window(limit, _ => TimeSpan.FromMilliseconds(rtt));
            Assert.InRange(limit.Limit, 8, 64);
        }

        Assert.Equal(8, limit.Limit);
    }

    [Fact]
    public void A_node_using_less_than_half_its_limit_keeps_it()
    {
        var limit = Limit(initial: 50);
        for (var i = 0; i < 50; i++)
        {
            Window(limit, i < 25 ? Flat : _ => TimeSpan.FromMilliseconds(40), inFlight: 10);
        }

        Assert.Equal(50, limit.Limit);
    }

    [Fact]
    public void At_light_load_stalls_alone_do_not_ratchet_the_limit_down()
    {
        // Half capacity: most windows carry 2 requests in flight and answer in 5 ms; two in every ten a 50 ms pause
        // piles requests up to the limit. Only the stalls reach half the limit, so without the quiet windows' say the
        // limit fell to a handful (the next test) and the next pause overflowed it.
        var limit = Limit(initial: 20);
        var lowest = int.MaxValue;
        for (var i = 0; i < 300; i++)
        {
            if (i % 10 >= 8)
            {
                Window(limit, _ => TimeSpan.FromMilliseconds(50));
            }
            else
            {
                Window(limit, Flat, inFlight: 2);
            }

            if (i >= 100)
            {
                lowest = Math.Min(lowest, limit.Limit);
            }
        }

        Assert.True(lowest >= 14, $"the limit fell to {lowest} at light load");
        Assert.True(limit.Limit <= 20, $"limit {limit.Limit}: quiet windows may restore the starting limit, never pass it");
    }

    [Fact]
    public void Without_quiet_recovery_light_load_stalls_ratchet_the_limit_down_to_a_handful()
    {
        // Gradient2 as published (the comparison bench/soak.sh runs): the same light load as above.
        var limit = new Gradient2Limit(new SheddingOptions { InitialLimit = 20, MinLimit = 4, MaxLimit = 1000, QuietRecovery = false }, _time);
        for (var i = 0; i < 300; i++)
        {
            Window(limit, i % 10 >= 8 ? _ => TimeSpan.FromMilliseconds(50) : Flat, inFlight: i % 10 >= 8 ? limit.Limit : 2);
        }

        // 5-9 is where the read bulkhead sat on a node at half capacity (bench/RESULTS.md), and a pause overflowed it.
        Assert.InRange(limit.Limit, 4, 9);
    }

    [Fact]
    public void Quiet_windows_never_raise_the_limit_past_its_start_nor_after_a_slow_one()
    {
        var limit = Limit(initial: 20);
        for (var i = 0; i < 20; i++)
        {
            Window(limit, Flat);
        }

        for (var i = 0; i < 30; i++)
        {
            Window(limit, _ => TimeSpan.FromMilliseconds(50)); // overload: the limit falls
        }

        // Quiet but still slow: no evidence that the node copes (the first window still holds the busy spell's tail).
        Window(limit, _ => TimeSpan.FromMilliseconds(50), inFlight: 1);
        var fallen = limit.Limit;
        Assert.True(fallen < 20, $"limit {fallen} after the slow spell");
        for (var i = 0; i < 10; i++)
        {
            Window(limit, _ => TimeSpan.FromMilliseconds(50), inFlight: 1);
        }

        Assert.Equal(fallen, limit.Limit);
        for (var i = 0; i < 200; i++)
        {
            Window(limit, Flat, inFlight: 1);
        }

        Assert.Equal(20, limit.Limit);
    }

    [Fact]
    public void Samples_inside_one_window_change_nothing()
    {
        var limit = Limit(initial: 20);
        for (var i = 0; i < 1000; i++)
        {
            limit.OnSample(TimeSpan.FromMilliseconds(1), 20);
        }

        Assert.Equal(20, limit.Limit);
    }
}
