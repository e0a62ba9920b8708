using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stadium.Service.Features.Auth;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class LoginRetryAdviceTests
{
    private readonly FakeTimeProvider _time = new();

    private LoginRetryAdvice Advice(int permits = 1, int queue = 4) =>
        new(_time, Options.Create(new AuthOptions { LoginConcurrency = permits, LoginQueue = queue }));

    [Fact]
    public void A_lone_shed_login_is_told_one_second()
    {
        var advice = Advice();
        advice.RecordCheck(TimeSpan.FromMilliseconds(100));
        // crowd 1 + 4 queued at 10 checks/s: half a second's work, so the minimum.
        Assert.Equal(1, advice.ShedOne(new Random(1)));
    }

    [Fact]
    public void A_shed_crowd_is_spread_over_the_time_the_checks_need_to_serve_it()
    {
        var advice = Advice(permits: 1, queue: 4);
        advice.RecordCheck(TimeSpan.FromMilliseconds(250)); // 4 checks/s
        var random = new Random(7);
        var first = Enumerable.Range(0, 200).Select(_ => advice.ShedOne(random)).ToList();
        Assert.Equal(1, first[0]); // the first of a crowd cannot know it yet
        _time.Advance(TimeSpan.FromSeconds(1.2));

        // The next second: last second's 200 shed + 4 queued at 4/s is 51 s of work. Delays cover 1..51 s
        // evenly enough that each ten-second stretch gets its share, so the crowd comes back at about the
        // rate it can be served instead of all at once.
        var delays = Enumerable.Range(0, 200).Select(_ => advice.ShedOne(random)).ToList();
        Assert.InRange(delays.Min(), 1, 3);
        Assert.InRange(delays.Max(), 45, 51);
        foreach (var stretch in Enumerable.Range(0, 5))
        {
            var inStretch = delays.Count(d => d > stretch * 10 && d <= (stretch + 1) * 10);
            Assert.InRange(inStretch, 20, 60);
        }
    }

    [Fact]
    public void More_permits_and_faster_checks_shorten_the_advice_and_it_never_passes_the_cap()
    {
        var fast = Advice(permits: 8);
        fast.RecordCheck(TimeSpan.FromMilliseconds(10)); // 800 checks/s
        var random = new Random(3);
        Assert.All(Enumerable.Range(0, 300).Select(_ => fast.ShedOne(random)), d => Assert.Equal(1, d));

        var slow = Advice(permits: 1);
        slow.RecordCheck(TimeSpan.FromSeconds(2));
        Assert.All(Enumerable.Range(0, 300).Select(_ => slow.ShedOne(random)), d => Assert.InRange(d, 1, LoginRetryAdvice.MaxSeconds));
    }

    [Fact]
    public void The_crowd_is_counted_over_the_last_second_and_forgotten_after_two()
    {
        var advice = Advice(permits: 1, queue: 0);
        advice.RecordCheck(TimeSpan.FromSeconds(1)); // 1 check/s: the crowd size is the spread in seconds
        var random = new Random(5);
        for (var i = 0; i < 29; i++)
        {
            advice.ShedOne(random);
        }

        _time.Advance(TimeSpan.FromSeconds(1.5));
        // Last second's 30 still count: the spread stays 30 s.
        var delays = Enumerable.Range(0, 100).Select(_ => advice.ShedOne(random)).ToList();
        Assert.InRange(delays.Max(), 20, 100);

        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, advice.ShedOne(random));
    }
}
