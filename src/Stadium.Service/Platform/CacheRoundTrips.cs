using Stadium.Data.Requests;
using Stadium.Service.Platform.Memory;
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

    /// <summary>
    /// One counted read through the cache; <c>Hit</c> is false when <paramref name="load"/> had to run. A loaded value is
    /// cached with <paramref name="size"/> bytes (plus the entry's overhead) against its cache's share of the memory budget.
    /// </summary>
    public async ValueTask<(T Value, bool Hit)> GetOrSetAsync<T>(
        IFusionCache cache, string key, Func<CancellationToken, Task<T>> load, Func<T, long> size, FusionCacheEntryOptions options, CancellationToken ct)
    {
        Record();
        var hit = true;
        var value = await cache.GetOrSetAsync<T>(
            key,
            async (context, token) =>
            {
                hit = false;
                var loaded = await load(token);
                context.Options.Size = EntrySize.EntryOverhead + size(loaded);
                return loaded;
            },
            options: options,
            token: ct);
        return (value, hit);
    }
}
