using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Dependencies;

namespace Stadium.Protection.Tests.Dependencies;

public sealed class RetryBudgetTests
{
    [Fact]
    public void Retries_are_limited_to_the_ratio_of_calls_plus_the_floor()
    {
        var clock = new FakeTimeProvider();
        // 20 % of calls plus 1 retry a second over a 10 s window: 100 calls allow 20 + 10 retries.
        var budget = new RetryBudget(0.2, 1, TimeSpan.FromSeconds(10), clock);
        for (var i = 0; i < 100; i++)
        {
            budget.RecordCall();
        }

        var granted = 0;
        while (budget.TryRetry())
        {
            granted++;
        }

        Assert.Equal(30, granted);
        Assert.Equal(0, budget.Available);
        // More calls earn more retries: five calls, one retry.
        for (var i = 0; i < 5; i++)
        {
            budget.RecordCall();
        }

        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());
    }

    [Fact]
    public void A_quiet_dependency_can_still_retry_within_the_floor()
    {
        var budget = new RetryBudget(0.2, 0.5, TimeSpan.FromSeconds(10), new FakeTimeProvider());
        Assert.Equal(5, budget.Available);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(budget.TryRetry());
        }

        Assert.False(budget.TryRetry());
    }

    [Fact]
    public void Calls_and_retries_leave_the_window_as_time_passes()
    {
        var clock = new FakeTimeProvider();
        var budget = new RetryBudget(0.2, 0, TimeSpan.FromSeconds(10), clock);
        for (var i = 0; i < 50; i++)
        {
            budget.RecordCall();
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.True(budget.TryRetry());
        }

        Assert.False(budget.TryRetry());
        // Half the window later the old calls and retries still count.
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False(budget.TryRetry());
        // A whole window later both are gone: no calls, no floor, no retries.
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, budget.Available);
        Assert.False(budget.TryRetry());
        for (var i = 0; i < 10; i++)
        {
            budget.RecordCall();
        }

        Assert.True(budget.TryRetry());
        Assert.True(budget.TryRetry());
        Assert.False(budget.TryRetry());
    }
}
