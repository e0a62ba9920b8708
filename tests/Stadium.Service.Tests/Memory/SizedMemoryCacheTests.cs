using Microsoft.Extensions.Options;
using Stadium.Service.Platform.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Tests.Memory;

/// <summary>FusionCache over the budget's partitions, as the node builds it, with a posts share of 10,000 bytes.</summary>
public sealed class SizedMemoryCacheTests : IDisposable
{
    private readonly MemoryTestHost _host = new(new() { ["Stadium:Memory:Budget"] = "100000", ["Stadium:Memory:Shares:Posts"] = "0.1" });
    private readonly FusionCache _fusion;

    public SizedMemoryCacheTests() => _fusion = new FusionCache(Options.Create(new FusionCacheOptions()), _host.Partitions);

    public void Dispose()
    {
        _fusion.Dispose();
        _host.Dispose();
    }

    private static FusionCacheEntryOptions Fresh(long size) => new(TimeSpan.FromHours(1)) { Size = size };

    /// <summary>Logically expired after a millisecond, kept for an hour as a fail-safe copy.</summary>
    private static FusionCacheEntryOptions SoonStale(long size) =>
        new(TimeSpan.FromMilliseconds(1)) { Size = size, IsFailSafeEnabled = true, FailSafeMaxDuration = TimeSpan.FromHours(1) };

    private bool Holds(string key) => _host.Partitions.TryGetValue(key, out _);

    [Fact]
    public async Task Entries_count_their_bytes_and_the_cache_never_holds_more_than_its_share()
    {
        for (var i = 0; i < 30; i++)
        {
            _fusion.Set("p:" + i, "post " + i, Fresh(1_000));
        }

        Assert.InRange(_host.Posts.Size, 1_000, 10_000);
        Assert.InRange(_host.Posts.Count, 1, 10);
        // The 20 entries that did not fit are refused (counted as capacity evictions); callbacks run on the thread pool.
        for (var i = 0; i < 100 && _host.Measurements.Get("stadium.memory.cache.evictions{cache=posts,reason=capacity}") < 20; i++)
        {
            await Task.Delay(20);
        }

        Assert.True(_host.Measurements.Get("stadium.memory.cache.evictions{cache=posts,reason=capacity}") >= 20);
        _host.Measurements.Observe();
        Assert.Equal(10_000, _host.Measurements.Get("stadium.memory.cache.limit{cache=posts}"));
        Assert.Equal(_host.Posts.Size, _host.Measurements.Get("stadium.memory.cache.size{cache=posts}"));
        Assert.Equal(100_000, _host.Measurements.Get("stadium.memory.budget"));
    }

    [Fact]
    public void Each_kind_of_entry_is_held_to_its_own_share()
    {
        _fusion.Set("u:alice", "profile", Fresh(2_000));
        _fusion.Set("cf:0:1", new long[] { 1, 2 }, Fresh(500));
        _fusion.Set("p:1", "post", Fresh(1_000));
        var sizes = _host.Partitions.All.ToDictionary(c => c.Name, c => c.Size);
        Assert.Equal(1_000, sizes[CacheNames.Posts]);
        Assert.Equal(2_000, sizes[CacheNames.Profiles]);
        Assert.Equal(500, sizes[CacheNames.Celebrities]);
    }

    [Fact]
    public async Task A_trim_drops_stale_copies_before_anything_fresh()
    {
        for (var i = 0; i < 4; i++)
        {
            _fusion.Set("p:stale" + i, "old", SoonStale(1_000));
        }

        await Task.Delay(50);
        for (var i = 0; i < 4; i++)
        {
            _fusion.Set("p:fresh" + i, "new", Fresh(1_000));
        }

        _host.Posts.Trim(0.25);

        Assert.All(Enumerable.Range(0, 4), i => Assert.False(Holds("p:stale" + i)));
        Assert.All(Enumerable.Range(0, 4), i => Assert.True(Holds("p:fresh" + i)));
        Assert.Equal(4, _host.Measurements.Get("stadium.memory.cache.evictions{cache=posts,reason=stale}"));
        // A stale copy still serves while the source fails: fail-safe is bounded by the budget, not switched off.
        _fusion.Set("p:kept", "old", SoonStale(1_000));
        await Task.Delay(50);
        Assert.Equal("old", _fusion.GetOrSet<string>("p:kept", _ => throw new InvalidOperationException("store down"), SoonStale(1_000)));
    }

    [Fact]
    public async Task Near_its_limit_the_cache_sweeps_stale_copies_so_fresh_entries_find_room()
    {
        for (var i = 0; i < 9; i++)
        {
            _fusion.Set("p:stale" + i, "old", SoonStale(1_000));
        }

        await Task.Delay(50);
        _fusion.Set("p:fresh0", "new", Fresh(1_000));
        // The sweep runs off the writer's thread.
        for (var i = 0; i < 100 && _host.Posts.Count > 1; i++)
        {
            await Task.Delay(20);
        }

        for (var i = 1; i < 8; i++)
        {
            _fusion.Set("p:fresh" + i, "new", Fresh(1_000));
        }

        Assert.All(Enumerable.Range(0, 8), i => Assert.True(Holds("p:fresh" + i)));
        Assert.All(Enumerable.Range(0, 9), i => Assert.False(Holds("p:stale" + i)));
    }
}
