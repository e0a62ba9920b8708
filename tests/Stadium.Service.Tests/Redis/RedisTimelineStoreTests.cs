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
}
