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

    [Fact]
    public void A_hash_longer_than_a_window_is_not_taken_for_the_rest_of_the_nodes_work()
    {
        // A quiet half-core node hashing back to back, as the pool's one thread does: wait for the bucket, hash 250 ms
        // of CPU (600,000 iterations), report it. The hashing threads' clocks say what hashing used.
        var hashing = TimeSpan.Zero;
        var budget = Budget(cores: 0.5);
        budget.HashingCpu = () => hashing;
        for (var i = 0; i < 20; i++)
        {
            for (var delay = budget.DelayBeforeNext(); delay > TimeSpan.Zero; delay = budget.DelayBeforeNext())
            {
                _time.Advance(delay);
            }

            var hash = TimeSpan.FromMilliseconds(250);
            _time.Advance(hash);
            (_cpu, hashing) = (_cpu + hash, hashing + hash);
            budget.Spent(hash);
        }

        // The node does nothing else: hashing may take 0.5 x (1 - 0.2) cores, not fall to its 0.05 minimum.
        Assert.Equal(0.4, budget.Rate, 3);
    }

    [Fact]
    public void A_thread_waiting_its_turn_does_not_take_another_threads_running_hash_for_other_work()
    {
        // A quiet one-core node with two hashing threads: one hashes 250 ms at a time while the other, waiting for
        // the bucket, asks every 10 ms (each ask recomputes the rate). Only the threads' clocks show the running hash.
        var hashing = TimeSpan.Zero;
        var budget = Budget(cores: 1);
        budget.HashingCpu = () => hashing;
        var tick = TimeSpan.FromMilliseconds(10);
        for (var i = 0; i < 8; i++)
        {
            for (var t = 0; t < 25; t++)
            {
                _time.Advance(tick);
                (_cpu, hashing) = (_cpu + tick, hashing + tick);
                budget.DelayBeforeNext();
            }

            budget.Spent(25 * tick);
        }

        Assert.Equal(0.8, budget.Rate, 3);
    }

    [Fact]
    public void Another_threads_cpu_clock_reads_what_it_used_so_far()
    {
        int? clock = null;
        using var ready = new ManualResetEventSlim();
        using var stop = new ManualResetEventSlim();
        var thread = new Thread(() =>
        {
            clock = ThreadCpuTime.CurrentThreadClock();
            ready.Set();
            var spin = System.Diagnostics.Stopwatch.StartNew();
            while (!stop.IsSet && spin.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.SpinWait(1000);
            }
        });
        thread.Start();
        ready.Wait();
        Assert.NotNull(clock);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        var first = ThreadCpuTime.Read(clock.Value)!.Value;

        Thread.Sleep(300);
        var second = ThreadCpuTime.Read(clock.Value)!.Value;
        wall.Stop();
        stop.Set();
        thread.Join();

        // A spinning thread's clock runs while it computes, read from this one (it gets at least a share of a core), and
        // never faster than the wall clock between the two readings (a stalled machine may sleep well past 300 ms).
        Assert.True(second - first > TimeSpan.FromMilliseconds(20), $"{first} then {second}");
        Assert.True(second - first <= wall.Elapsed + TimeSpan.FromMilliseconds(20), $"{first} then {second} in {wall.Elapsed}");
    }
}
