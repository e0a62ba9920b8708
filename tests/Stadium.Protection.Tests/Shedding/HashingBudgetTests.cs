using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

/// <summary>The clock and the process's CPU time are driven by hand: each step says what reads and hashing used.</summary>
public sealed class HashingBudgetTests
{
    private readonly FakeTimeProvider _time = new();
    private TimeSpan _cpu = TimeSpan.FromSeconds(10);

    private HashingBudget Budget(double cores = 1) => new(cores, headroom: 0.2, minShare: 0.1, _time, () => _cpu);

    /// <summary>Advances 100 ms in which the rest of the node used <paramref name="otherCores"/> and hashing what it was allowed.</summary>
    private void Window(HashingBudget budget, double otherCores)
    {
        _time.Advance(HashingBudget.Window);
        var hashing = TimeSpan.FromSeconds(budget.Rate * HashingBudget.Window.TotalSeconds);
        _cpu += TimeSpan.FromSeconds(otherCores * HashingBudget.Window.TotalSeconds) + hashing;
        budget.Spent(hashing);
    }

    [Fact]
    public void Hashing_takes_what_reads_leave_of_the_limit_less_the_headroom()
    {
        var budget = Budget(cores: 1);
        for (var i = 0; i < 30; i++)
        {
            Window(budget, otherCores: 0.5);
        }

        // 1 core x (1 - 0.2) - 0.5 used by reads.
        Assert.InRange(budget.Rate, 0.28, 0.32);
    }

    [Fact]
    public void Hashing_always_keeps_its_minimum_share_however_busy_reads_are()
    {
        var budget = Budget(cores: 2);
        for (var i = 0; i < 30; i++)
        {
            Window(budget, otherCores: 2);
        }

        Assert.Equal(0.2, budget.Rate, 3);
    }

    [Fact]
    public void A_quiet_node_lets_hashing_use_most_of_its_limit()
    {
        var budget = Budget(cores: 0.5);
        for (var i = 0; i < 30; i++)
        {
            Window(budget, otherCores: 0);
        }

        Assert.Equal(0.4, budget.Rate, 3);
    }

    [Fact]
    public void A_hash_waits_while_the_bucket_is_empty_for_as_long_as_the_rate_takes_to_refill_it()
    {
        var budget = Budget(cores: 1);
        Assert.Equal(TimeSpan.Zero, budget.DelayBeforeNext()); // a quiet node hashes at once
        budget.Spent(TimeSpan.FromMilliseconds(250)); // a storm's hashes: 200 ms over the 50 ms burst

        var delay = budget.DelayBeforeNext();
        // 200 ms of CPU owed at 0.8 cores: 250 ms (and a millisecond's margin).
        Assert.InRange(delay.TotalMilliseconds, 250, 252);
        _time.Advance(delay);
        Assert.Equal(TimeSpan.Zero, budget.DelayBeforeNext());
    }
}
