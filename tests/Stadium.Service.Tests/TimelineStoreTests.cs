using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stadium.Service.Features.Feed;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class TimelineStoreTests
{
    private static InMemoryTimelineStore Store(int capacity = 800, int maxResident = 1000) =>
        new(Options.Create(new StadiumOptions { Feed = { TimelineCapacity = capacity, MaxResidentTimelines = maxResident } }), new FakeTimeProvider());

    private static Func<CancellationToken, Task<IReadOnlyList<long>>> Loads(params long[] newestFirst) => _ => Task.FromResult<IReadOnlyList<long>>(newestFirst);

    [Fact]
    public async Task Reads_page_newest_first_and_say_whether_more_remain()
    {
        var store = Store();
        var key = TimelineKey.Home(1);
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
        await store.ReadAsync(TimelineKey.Home(1), null, 1, Loads(3, 2, 1), default);
        await store.PushAsync([TimelineKey.Home(1), TimelineKey.Home(2)], 4, default);
        Assert.Equal(new long[] { 4, 3, 2 }, (await store.ReadAsync(TimelineKey.Home(1), null, 10, Loads(), default)).Ids);

        // Home(2) was not resident: it is built from the store, which already has post 4.
        Assert.Equal(new long[] { 4 }, (await store.ReadAsync(TimelineKey.Home(2), null, 10, Loads(4), default)).Ids);
    }

    [Fact]
    public async Task A_post_pushed_while_the_timeline_is_being_built_is_not_lost()
    {
        var store = Store();
        var loadStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var read = store.ReadAsync(TimelineKey.Home(1), null, 10, async _ =>
        {
            loadStarted.SetResult();
            await release.Task;
            return new long[] { 5, 4 };
        }, default).AsTask();

        await loadStarted.Task;
        await store.PushAsync([TimelineKey.Home(1)], 6, default); // committed after the load's snapshot
        release.SetResult();
        Assert.Equal(new long[] { 6, 5, 4 }, (await read).Ids);
    }

    [Fact]
    public async Task A_failed_build_is_retried_on_the_next_read()
    {
        var store = Store();
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await store.ReadAsync(TimelineKey.Home(1), null, 10, _ => throw new InvalidOperationException("store down"), default));
        Assert.Equal(new long[] { 1 }, (await store.ReadAsync(TimelineKey.Home(1), null, 10, Loads(1), default)).Ids);
    }

    [Fact]
    public async Task Residency_is_bounded()
    {
        var store = Store(maxResident: 50);
        for (var user = 0; user < 500; user++)
        {
            await store.ReadAsync(TimelineKey.Home(user), null, 1, Loads(1), default);
        }

        Assert.InRange(store.ResidentCount, 1, 50);
    }

    [Fact]
    public async Task Invalidate_forces_a_rebuild()
    {
        var store = Store();
        await store.ReadAsync(TimelineKey.Home(1), null, 10, Loads(1), default);
        await store.InvalidateAsync(TimelineKey.Home(1), default);
        Assert.Equal(new long[] { 2, 1 }, (await store.ReadAsync(TimelineKey.Home(1), null, 10, Loads(2, 1), default)).Ids);
    }

    [Fact]
    public void Merge_interleaves_newest_first_and_drops_duplicates()
    {
        var merged = FeedReader.Merge(
        [
            new TimelineSlice([10, 8, 5, 1], true),
            new TimelineSlice([9, 8, 2], false),
            new TimelineSlice([], false),
        ], 5);
        Assert.Equal([10, 9, 8, 5, 2], merged);
    }
}
