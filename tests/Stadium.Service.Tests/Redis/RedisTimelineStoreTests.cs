using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Stadium.Service.Features.Feed;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Redis;
using Stadium.Testing;

namespace Stadium.Service.Tests.Redis;

/// <summary>A real redis-server and one connection, shared by the Redis timeline tests.</summary>
public sealed class RedisTimelineFixture : IAsyncLifetime
{
    public LocalRedis Redis { get; } = new();

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

public sealed class RedisTimelineStoreTests(RedisTimelineFixture fixture) : TimelineStoreContract, IClassFixture<RedisTimelineFixture>
{
    private static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(7);

    protected override ITimelineStore Store(int capacity = 800) =>
        new RedisTimelineStore(
            fixture.Connection,
            new CacheRoundTrips(new Stadium.Data.Requests.DataRequestAccessor()),
            Options.Create(new FeedOptions { TimelineCapacity = capacity }),
            Options.Create(new RedisOptions { TimelineIdleExpiry = IdleExpiry }));

    [Fact]
    public async Task Timelines_expire_when_idle()
    {
        var store = Store();
        await store.ReadAsync(Home(1), null, 10, Loads(1), default);
        var ttl = await fixture.Connection.GetDatabase().KeyTimeToLiveAsync(RedisTimelineStore.Key(Home(1)));
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, IdleExpiry - TimeSpan.FromMinutes(1), IdleExpiry);
    }

    [Fact]
    public async Task Another_node_reads_the_timeline_this_one_built_and_sees_its_pushes()
    {
        var nodeA = Store();
        var nodeB = Store();
        await nodeA.ReadAsync(Home(1), null, 10, Loads(2, 1), default);
        await nodeA.PushAsync([Home(1)], 3, default);
        var fromB = await nodeB.ReadAsync(Home(1), null, 10, _ => throw new InvalidOperationException("B must not rebuild"), default);
        Assert.Equal(new long[] { 3, 2, 1 }, fromB.Ids);
    }

    [Fact]
    public async Task A_fan_out_larger_than_one_batch_reaches_every_resident_timeline()
    {
        var store = Store();
        var keys = Enumerable.Range(1, 600).Select(Home).ToArray();
        foreach (var key in keys.Where((_, i) => i % 2 == 0))
        {
            await store.ReadAsync(key, null, 1, Loads(1), default);
        }

        await store.PushAsync(keys, 2, default);
        var db = fixture.Connection.GetDatabase();
        for (var i = 0; i < keys.Length; i++)
        {
            var exists = await db.KeyExistsAsync(RedisTimelineStore.Key(keys[i]));
            Assert.Equal(i % 2 == 0, exists);
            if (exists)
            {
                Assert.Equal(new long[] { 2, 1 }, (await store.ReadAsync(keys[i], null, 10, Loads(), default)).Ids);
            }
        }
    }

    [Fact]
    public async Task A_reader_facing_a_claim_nobody_completes_reads_the_store_itself_after_a_short_wait()
    {
        var db = fixture.Connection.GetDatabase();
        var key = RedisTimelineStore.Key(Home(41));
        // What a builder that failed after Redis recorded its claim leaves behind. The key lives 30 s here, so a reader that
        // waited for the claim rather than giving up after BuildWait would take that long. The upper bound is wide (the
        // CI machine has stalled a 250 ms wait to 844 ms): it tells "gave up" from "waited", not how fast the machine is.
        await db.SortedSetAddAsync(key, "b:left-behind", -1);
        await db.KeyExpireAsync(key, TimeSpan.FromSeconds(30));

        var started = Environment.TickCount64;
        var slice = await Store().ReadAsync(Home(41), null, 10, Loads(3, 2, 1), default);
        var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - started);

        Assert.Equal(new long[] { 3, 2, 1 }, slice.Ids);
        Assert.InRange(waited, RedisTimelineStore.BuildWait, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_claim_lapses_after_a_few_seconds_when_its_build_never_finishes()
    {
        var db = fixture.Connection.GetDatabase();
        var key = RedisTimelineStore.Key(Home(42));
        var loading = new TaskCompletionSource();
        var release = new TaskCompletionSource<IReadOnlyList<long>>();
        var stuck = Store().ReadAsync(Home(42), null, 10, _ => { loading.TrySetResult(); return release.Task; }, default).AsTask();
        await loading.Task;

        var ttl = await db.KeyTimeToLiveAsync(key);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), RedisTimelineStore.BuildClaimLifetime);
        Assert.True(RedisTimelineStore.BuildClaimLifetime <= TimeSpan.FromSeconds(5));

        // Once lapsed, the next reader builds (and keeps) the timeline; the late builder's completion is refused.
        await Task.Delay(RedisTimelineStore.BuildClaimLifetime + TimeSpan.FromMilliseconds(200));
        Assert.Equal(new long[] { 7 }, (await Store().ReadAsync(Home(42), null, 10, Loads(7), default)).Ids);
        release.SetResult([6]);
        Assert.Equal(new long[] { 6 }, (await stuck).Ids);
        Assert.Equal(new long[] { 7 }, (await Store().ReadAsync(Home(42), null, 10, _ => throw new InvalidOperationException("built already"), default)).Ids);
    }
}
