using Stadium.Service.Features.Feed;

namespace Stadium.Service.Tests;

/// <summary>
/// What every <see cref="ITimelineStore"/> must do, run unchanged against each implementation
/// (in-memory for the embedded default, Redis for several nodes). Keys are offset per test instance
/// so implementations that share a server never see another test's timelines.
/// </summary>
public abstract class TimelineStoreContract
{
    private readonly long _base = Random.Shared.NextInt64(1, 1L << 40) * 1000;

    protected abstract ITimelineStore Store(int capacity = 800);

    protected TimelineKey Home(int user) => TimelineKey.Home(_base + user);

    protected static Func<CancellationToken, Task<IReadOnlyList<long>>> Loads(params long[] newestFirst) => _ => Task.FromResult<IReadOnlyList<long>>(newestFirst);

    [Fact]
    public async Task Reads_page_newest_first_and_say_whether_more_remain()
    {
        var store = Store();
        var key = Home(1);
        var first = await store.ReadAsync(key, null, 2, Loads(9, 7, 5, 3), default);
        Assert.Equal([9, 7], first.Ids);
        Assert.True(first.More);
        var last = await store.ReadAsync(key, 7, 5, Loads(), default);
        Assert.Equal([5, 3], last.Ids);
        Assert.False(last.More);
    }

    [Fact]
    public async Task Pushes_reach_only_resident_timelines_and_the_cap_drops_the_oldest()
    {
        var store = Store(capacity: 3);
        await store.ReadAsync(Home(1), null, 1, Loads(3, 2, 1), default);
        await store.PushAsync([Home(1), Home(2)], 4, default);
        Assert.Equal(new long[] { 4, 3, 2 }, (await store.ReadAsync(Home(1), null, 10, Loads(), default)).Ids);

        // Home(2) was not resident: it is built from the store, which already has post 4.
        Assert.Equal(new long[] { 4 }, (await store.ReadAsync(Home(2), null, 10, Loads(4), default)).Ids);
    }

    [Fact]
    public async Task A_post_pushed_while_the_timeline_is_being_built_is_not_lost()
    {
        var store = Store();
        var loadStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var read = store.ReadAsync(Home(1), null, 10, async _ =>
        {
            loadStarted.SetResult();
            await release.Task;
            return new long[] { 5, 4 };
        }, default).AsTask();

        await loadStarted.Task;
        await store.PushAsync([Home(1)], 6, default); // committed after the load's snapshot
        release.SetResult();
        Assert.Equal(new long[] { 6, 5, 4 }, (await read).Ids);
    }

    [Fact]
    public async Task A_failed_build_is_retried_on_the_next_read()
    {
        var store = Store();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.ReadAsync(Home(1), null, 10, _ => throw new InvalidOperationException("store down"), default));
        Assert.Equal(new long[] { 1 }, (await store.ReadAsync(Home(1), null, 10, Loads(1), default)).Ids);
    }

    [Fact]
    public async Task A_reader_waiting_on_a_build_whose_reader_gave_up_still_gets_its_page()
    {
        var store = Store();
        var loadStarted = new TaskCompletionSource();
        using var leaving = new CancellationTokenSource();
        var builder = store.ReadAsync(Home(1), null, 10, async token =>
        {
            loadStarted.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            return [];
        }, leaving.Token).AsTask();

        await loadStarted.Task;
        var waiter = store.ReadAsync(Home(1), null, 10, Loads(2, 1), default).AsTask();
        leaving.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => builder);
        Assert.Equal(new long[] { 2, 1 }, (await waiter.WaitAsync(TimeSpan.FromSeconds(10))).Ids);
    }

    [Fact]
    public async Task Invalidate_forces_a_rebuild()
    {
        var store = Store();
        await store.ReadAsync(Home(1), null, 10, Loads(1), default);
        await store.InvalidateAsync(Home(1), default);
        Assert.Equal(new long[] { 2, 1 }, (await store.ReadAsync(Home(1), null, 10, Loads(2, 1), default)).Ids);
    }

    [Fact]
    public async Task A_timeline_built_once_is_not_loaded_again()
    {
        var store = Store();
        await store.ReadAsync(Home(1), null, 10, Loads(2, 1), default);
        var reloaded = false;
        var again = await store.ReadAsync(Home(1), null, 10, _ =>
        {
            reloaded = true;
            return Task.FromResult<IReadOnlyList<long>>([]);
        }, default);
        Assert.False(reloaded);
        Assert.Equal(new long[] { 2, 1 }, again.Ids);
    }
}
