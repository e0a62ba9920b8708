using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Stadium.Service.Features.Feed;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class InMemoryTimelineStoreTests : TimelineStoreContract
{
    protected override ITimelineStore Store(int capacity = 800) => Create(capacity);

    private static InMemoryTimelineStore Create(int capacity = 800, int maxResident = 1000) =>
        new(Options.Create(new FeedOptions { TimelineCapacity = capacity, MaxResidentTimelines = maxResident }), new FakeTimeProvider());

    [Fact]
    public async Task Residency_is_bounded()
    {
        var store = Create(maxResident: 50);
        for (var user = 0; user < 500; user++)
        {
            await store.ReadAsync(TimelineKey.Home(user), null, 1, Loads(1), default);
        }

        Assert.InRange(store.ResidentCount, 1, 50);
    }

    [Fact]
    public async Task Timelines_are_bounded_in_bytes_in_total_least_recently_read_first()
    {
        // 100 ids a timeline is 1,056 bytes with its overhead; 20 KB holds about 19 of them.
        var time = new FakeTimeProvider();
        var store = new InMemoryTimelineStore(
            Options.Create(new FeedOptions { TimelineCapacity = 800, MaxResidentTimelines = 1000 }), time, byteLimit: 20_000);
        var hundredIds = Enumerable.Range(1, 100).Select(i => (long)i).ToArray();
        for (var user = 0; user < 200; user++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await store.ReadAsync(TimelineKey.Home(user), null, 1, Loads(hundredIds), default);
        }

        Assert.InRange(store.Size, 1, store.Limit);
        Assert.InRange(store.ResidentCount, 10, 19);
        // The most recently read timeline is still resident: reading it does not load it again.
        var slice = await store.ReadAsync(TimelineKey.Home(199), null, 5, _ => throw new InvalidOperationException("evicted"), default);
        Assert.Equal(5, slice.Ids.Length);
    }

    [Fact]
    public async Task Ids_pushed_and_timelines_dropped_are_counted_in_the_total()
    {
        var store = Create(capacity: 10);
        await store.ReadAsync(TimelineKey.Home(1), null, 1, Loads(5, 4, 3), default);
        var oneTimeline = store.Size;
        await store.PushAsync([TimelineKey.Home(1)], 1_000, default);
        Assert.Equal(oneTimeline + sizeof(long), store.Size);
        await store.InvalidateAsync(TimelineKey.Home(1), default);
        Assert.Equal(0, store.Size);
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
