namespace Stadium.Data.Diagnostics;

/// <summary>
/// Counts the store and cache round trips one request makes. The API sets <see cref="Current"/>
/// per request; stores and caches bump it, so "calls per request" is measured, not guessed.
/// </summary>
public sealed class DownstreamCalls
{
    private static readonly AsyncLocal<DownstreamCalls?> Ambient = new();

    private int _store;
    private int _cache;
    private readonly List<CacheResult> _cacheResults = [];

    public static DownstreamCalls? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    public int Store => _store;

    public int Cache => _cache;

    public static void RecordStore()
    {
        if (Ambient.Value is { } calls)
        {
            Interlocked.Increment(ref calls._store);
        }
    }

    public static void RecordCache(int count = 1)
    {
        if (Ambient.Value is { } calls)
        {
            Interlocked.Add(ref calls._cache, count);
        }
    }

    /// <summary>Cache hits and misses this request saw, so they can be reported under its route.</summary>
    public IReadOnlyList<CacheResult> CacheResults
    {
        get
        {
            lock (_cacheResults)
            {
                return [.. _cacheResults];
            }
        }
    }

    public void AddCacheResult(string cache, bool hit, int count)
    {
        lock (_cacheResults)
        {
            for (var i = 0; i < _cacheResults.Count; i++)
            {
                if (_cacheResults[i].Cache == cache && _cacheResults[i].Hit == hit)
                {
                    _cacheResults[i] = _cacheResults[i] with { Count = _cacheResults[i].Count + count };
                    return;
                }
            }

            _cacheResults.Add(new CacheResult(cache, hit, count));
        }
    }
}

/// <param name="Cache">Which cache (post, profile, celebrities...).</param>
/// <param name="Hit">Found in cache, or loaded from the store.</param>
public readonly record struct CacheResult(string Cache, bool Hit, int Count);
