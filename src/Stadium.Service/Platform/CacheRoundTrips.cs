using Stadium.Data.Requests;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform;

/// <summary>
/// The one place the API counts a request's round trips to its caches (the "downstream calls" that metrics and
/// `stadium top` report per route). Caches go through it where a request reaches the cache tier: a keyed read or
/// write (one), a multi-get (one per id), a Redis timeline command or pipelined batch (one each).
/// </summary>
internal sealed class CacheRoundTrips(DataRequestAccessor requests)
{
    /// <summary>Counts <paramref name="count"/> round trips against the current request, if any.</summary>
    public void Record(int count = 1) => requests.Current?.RecordCacheCalls(count);

    /// <summary>One counted read through the cache; <c>Hit</c> is false when <paramref name="load"/> had to run.</summary>
    public async ValueTask<(T Value, bool Hit)> GetOrSetAsync<T>(
        IFusionCache cache, string key, Func<CancellationToken, Task<T>> load, FusionCacheEntryOptions options, CancellationToken ct)
    {
        Record();
        var hit = true;
        var value = await cache.GetOrSetAsync<T>(
            key,
            async (_, token) =>
            {
                hit = false;
                return await load(token);
            },
            options: options,
            token: ct);
        return (value, hit);
    }
}
