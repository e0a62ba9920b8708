using Microsoft.Extensions.Time.Testing;
using Stadium.Protection.Shedding;

namespace Stadium.Protection.Tests.Shedding;

/// <summary>The limit at a fixed value (min = max) so the queue's order, eviction and expiry are exact.</summary>
public sealed class AdmissionGateTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _time = new();

    private AdmissionGate Gate(int limit = 1, int queue = 4) =>
        new(new SheddingOptions { InitialLimit = limit, MinLimit = limit, MaxLimit = limit, QueueSize = queue }, _time);

    [Fact]
    public async Task Requests_run_at_once_up_to_the_limit_then_wait()
    {
        var gate = Gate(limit: 2);
        Assert.True(await gate.EnterAsync(5, Wait, default));
        Assert.True(await gate.EnterAsync(5, Wait, default));
        var third = gate.EnterAsync(5, Wait, default);
        Assert.False(third.IsCompleted);
        Assert.Equal(2, gate.InFlight);
        Assert.Equal(1, gate.Queued);

        gate.Exit(gate.Start(sampled: false));
        Assert.True(await third);
        Assert.Equal(2, gate.InFlight);
        Assert.Equal(0, gate.Queued);
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_best_priority_then_first_come()
    {
        var gate = Gate(limit: 1);
        Assert.True(await gate.EnterAsync(0, Wait, default));
        var bulkEarly = gate.EnterAsync(130, Wait, default).AsTask();
        var anonymous = gate.EnterAsync(70, Wait, default).AsTask();
        var signedInFirst = gate.EnterAsync(3, Wait, default).AsTask();
        var signedInSecond = gate.EnterAsync(3, Wait, default).AsTask();
        var order = new List<string>();

        foreach (var _ in Enumerable.Range(0, 4))
        {
            gate.Exit(gate.Start(sampled: false));
            var done = await Task.WhenAny(new[] { bulkEarly, anonymous, signedInFirst, signedInSecond }.Where(t => !order.Contains(Name(t))));
            Assert.True(await done);
            order.Add(Name(done));
        }

        Assert.Equal(["signed-in 1", "signed-in 2", "anonymous", "bulk"], order);

        string Name(Task<bool> task) =>
            task == signedInFirst ? "signed-in 1" : task == signedInSecond ? "signed-in 2" : task == anonymous ? "anonymous" : "bulk";
    }

    [Fact]
    public async Task A_full_queue_sheds_its_worst_for_a_better_newcomer_and_refuses_a_worse_one()
    {
        var gate = Gate(limit: 1, queue: 2);
        Assert.True(await gate.EnterAsync(0, Wait, default));
        var bulk = gate.EnterAsync(130, Wait, default);
        var anonymous = gate.EnterAsync(70, Wait, default);

        var signedIn = gate.EnterAsync(3, Wait, default);
        Assert.False(await bulk); // evicted at once, not left to time out
        Assert.False(await gate.EnterAsync(200, Wait, default)); // worse than everyone waiting
        Assert.False(await gate.EnterAsync(70, Wait, default)); // equal to the worst: the earlier keeps its place
        Assert.Equal(2, gate.Queued);

        gate.Exit(gate.Start(sampled: false));
        Assert.True(await signedIn);
        Assert.False(anonymous.IsCompleted);
    }

    [Fact]
    public async Task A_waiter_gives_up_at_its_queue_deadline_and_its_slot_goes_to_the_next()
    {
        var gate = Gate(limit: 1);
        Assert.True(await gate.EnterAsync(0, Wait, default));
        var shortWait = gate.EnterAsync(0, TimeSpan.FromMilliseconds(5), default);
        var longWait = gate.EnterAsync(0, Wait, default);

        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.False(await shortWait);
        Assert.False(longWait.IsCompleted);
        Assert.Equal(1, gate.Queued);

        gate.Exit(gate.Start(sampled: false));
        Assert.True(await longWait);
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_no_wait_means_no_queue()
    {
        var gate = Gate(limit: 1);
        Assert.True(await gate.EnterAsync(0, Wait, default));
        using var aborted = new CancellationTokenSource();
        var waiting = gate.EnterAsync(0, Wait, aborted.Token);
        await aborted.CancelAsync();
        Assert.False(await waiting);
        Assert.Equal(0, gate.Queued);

        Assert.False(await gate.EnterAsync(0, TimeSpan.Zero, default));
        Assert.Equal(1, gate.InFlight);
    }

    [Fact]
    public async Task A_sample_counts_at_its_scale_so_a_slower_objective_may_take_its_time()
    {
        // A gateway's ceiling of 25 ms: requests taking 60 ms are queueing for the feed (scale 1), and fine for a post
        // whose objective is four times the feed's (scale 0.25: 15 ms).
        static AdmissionGate Ceilinged(FakeTimeProvider time) => new(new SheddingOptions
        {
            InitialLimit = 20,
            MinLimit = 4,
            MaxLimit = 1000,
            LatencyCeiling = TimeSpan.FromMilliseconds(25),
        }, time);
        var feed = Ceilinged(_time);
        var posts = Ceilinged(_time);

        for (var window = 0; window < 50; window++)
        {
            await RunWindowAsync(feed, scale: 1);
            await RunWindowAsync(posts, scale: 0.25);
        }

        Assert.True(feed.Limit < 10, $"feed limit {feed.Limit}: 60 ms against a 25 ms ceiling must lower it");
        Assert.True(posts.Limit >= 20, $"posts limit {posts.Limit}: 15 ms scaled must not lower it");
    }

    [Fact]
    public async Task Slow_writes_lower_only_the_writes_limit_and_reads_keep_theirs()
    {
        // 200 ms more on the primary: writes take 60 ms at the feed's scale against a 25 ms ceiling; reads, served from
        // the replica and the cache, do not slow down at all.
        var gates = new AdmissionGates(new SheddingOptions { InitialLimit = 20, MinLimit = 4, MaxLimit = 1000, LatencyCeiling = TimeSpan.FromMilliseconds(25) }, _time);
        for (var window = 0; window < 50; window++)
        {
            await RunWindowAsync(gates.For(EndpointClass.Write), scale: 1);
        }

        Assert.True(gates.Writes.Limit < 10, $"writes limit {gates.Writes.Limit}: 60 ms against a 25 ms ceiling must lower it");
        Assert.Equal(20, gates.Reads.Limit);
        Assert.Same(gates.Other, gates.For(EndpointClass.Auth));
        Assert.Same(gates.Other, gates.For(EndpointClass.Bulk));
        for (var i = 0; i < 20; i++)
        {
            Assert.True(await gates.For(EndpointClass.Read).EnterAsync(1, TimeSpan.Zero, default), $"read {i + 1} of 20 shed");
        }
    }

    /// <summary>As many requests as the limit allows, all in flight together, each taking 60 ms on the fake clock.</summary>
    private async Task RunWindowAsync(AdmissionGate gate, double scale)
    {
        var admitted = new List<Admission>();
        var count = Math.Max(gate.Limit, 10);
        for (var i = 0; i < count; i++)
        {
            if (await gate.EnterAsync(1, TimeSpan.Zero, default))
            {
                admitted.Add(gate.Start(sampled: true, scale));
            }
        }

        _time.Advance(TimeSpan.FromMilliseconds(60));
        admitted.ForEach(gate.Exit);
        _time.Advance(TimeSpan.FromMilliseconds(40));
    }
}
