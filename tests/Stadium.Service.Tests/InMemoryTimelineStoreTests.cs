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
