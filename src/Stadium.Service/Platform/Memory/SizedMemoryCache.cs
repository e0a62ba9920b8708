using Microsoft.Extensions.Caching.Memory;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// A MemoryCache held to a byte limit: every entry carries its size in bytes, and an entry that would overflow the
/// limit makes the cache compact (least recently used first). Fail-safe copies FusionCache keeps past their duration
/// are dropped before anything fresh: once the cache nears its limit, and on every trim.
/// </summary>
internal sealed class SizedMemoryCache : IMemoryCache, IBoundedCache
{
    /// <summary>Near-full mark that starts a sweep of stale copies, so they go before a compaction takes fresh entries.</summary>
    private const double StaleSweepAt = 0.90;

    private static readonly TimeSpan StaleSweepInterval = TimeSpan.FromSeconds(5);

    private readonly MemoryCache _cache;
    private readonly MemoryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly PostEvictionDelegate _onEvicted;
    private long _nextStaleSweep;
    private int _sweeping;

    public SizedMemoryCache(string name, long limit, MemoryMetrics metrics, TimeProvider time)
    {
        Name = name;
        Limit = limit;
        _metrics = metrics;
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = limit, TrackStatistics = true, CompactionPercentage = 0.10 });
        _onEvicted = (_, _, reason, _) => _metrics.Evicted(Name, reason);
    }

    public string Name { get; }

    public long Limit { get; }

    public long Size => _cache.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public int Count => _cache.Count;

    public ICacheEntry CreateEntry(object key)
    {
        if (Size >= Limit * StaleSweepAt)
        {
            SweepStaleSoon();
        }

        var entry = _cache.CreateEntry(key);
        entry.RegisterPostEvictionCallback(_onEvicted);
        return entry;
    }

    public bool TryGetValue(object key, out object? value) => _cache.TryGetValue(key, out value);

    public void Remove(object key) => _cache.Remove(key);

    public void Trim(double fraction)
    {
        var before = Size;
        DropStale();
        var dropped = before - Size;
        var rest = fraction - (before == 0 ? 0 : (double)dropped / before);
        if (rest > 0)
        {
            _cache.Compact(rest);
        }
    }

    /// <summary>Removes every FusionCache entry past its logical expiry (kept only as a fail-safe copy); returns how many.</summary>
    public int DropStale()
    {
        var now = DateTimeOffset.UtcNow.UtcTicks;
        var dropped = 0;
        foreach (var key in _cache.Keys)
        {
            if (_cache.TryGetValue(key, out var value) && FusionEntryExpiry.IsStale(value, now))
            {
                _cache.Remove(key);
                _metrics.Evicted(Name, "stale");
                dropped++;
            }
        }

        return dropped;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>At most one sweep per interval, off the request's thread.</summary>
    private void SweepStaleSoon()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var due = Interlocked.Read(ref _nextStaleSweep);
        if (now < due || Interlocked.CompareExchange(ref _nextStaleSweep, now + StaleSweepInterval.Ticks, due) != due ||
            Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static cache =>
            {
                try
                {
                    cache.DropStale();
                }
                catch (ObjectDisposedException)
                {
                    // The node stopped while the sweep was queued: nothing is left to sweep.
                }
                finally
                {
                    Volatile.Write(ref cache._sweeping, 0);
                }
            },
            this,
            preferLocal: false);
    }
}
