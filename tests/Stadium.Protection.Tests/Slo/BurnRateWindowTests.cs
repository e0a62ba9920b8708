using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Slo;

namespace Stadium.Protection.Tests.Slo;

public sealed class BurnRateWindowTests
{
    private static readonly TimeSpan Bucket = TimeSpan.FromSeconds(30);

    [Fact]
    public void Burn_rate_is_the_bad_share_over_the_error_budget()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var window = new BurnRateWindow(time, Bucket, TimeSpan.FromHours(6));
        Record(window, good: 990, bad: 10);

        // 1 % bad against a 0.1 % budget: ten times too fast.
        Assert.Equal(10, window.BurnRate(TimeSpan.FromMinutes(5), 0.001), 6);
        Assert.Equal(1, window.BurnRate(TimeSpan.FromMinutes(5), 0.01), 6);
    }

    [Fact]
    public void Each_window_sees_only_its_own_span_so_a_short_burn_shows_in_the_short_window_and_fades_from_it_first()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var window = new BurnRateWindow(time, Bucket, TimeSpan.FromHours(6));
        // Fifty minutes of clean traffic, then ten minutes with every tenth request failing.
        for (var minute = 0; minute < 60; minute++)
        {
            Record(window, good: minute < 50 ? 100 : 90, bad: minute < 50 ? 0 : 10);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        // Windows cover whole 30 s buckets up to the current one (still empty here): 5m reads minutes 56-59, all burning;
        // 1h reads minutes 1-59, 100 bad of 5,900.
        Assert.Equal(100, window.BurnRate(TimeSpan.FromMinutes(5), 0.001), 6);
        Assert.Equal(100.0 / 5900 / 0.001, window.BurnRate(TimeSpan.FromHours(1), 0.001), 6);

        // Six clean minutes later the 5-minute window has recovered; the hour still remembers.
        for (var minute = 0; minute < 6; minute++)
        {
            Record(window, good: 100, bad: 0);
            time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(0, window.BurnRate(TimeSpan.FromMinutes(5), 0.001));
        Assert.True(window.BurnRate(TimeSpan.FromHours(1), 0.001) > 10);
    }

    [Fact]
    public void Buckets_older_than_the_longest_window_are_forgotten_and_no_traffic_burns_nothing()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        var window = new BurnRateWindow(time, Bucket, TimeSpan.FromHours(6));
        Assert.Equal(0, window.BurnRate(TimeSpan.FromHours(6), 0.001));
        Record(window, good: 0, bad: 5);

        time.Advance(TimeSpan.FromHours(6) + Bucket);

        Assert.Equal((0, 0), window.Over(TimeSpan.FromHours(6)));
        Record(window, good: 3, bad: 1);
        Assert.Equal((3, 4), window.Over(TimeSpan.FromHours(6)));
    }

    private static void Record(BurnRateWindow window, int good, int bad)
    {
        for (var i = 0; i < good; i++)
        {
            window.Record(true);
        }

        for (var i = 0; i < bad; i++)
        {
            window.Record(false);
        }
    }
}
