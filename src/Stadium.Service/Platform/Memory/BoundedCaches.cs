namespace Stadium.Service.Platform.Memory;

/// <summary>Every byte-bounded cache of the node, as each registers itself when it is built: what metrics report and the monitor trims.</summary>
internal sealed class BoundedCaches
{
    private readonly List<IBoundedCache> _caches = [];

    public void Add(IBoundedCache cache)
    {
        lock (_caches)
        {
            _caches.Add(cache);
        }
    }

    public IReadOnlyList<IBoundedCache> Snapshot()
    {
        lock (_caches)
        {
            return [.. _caches];
        }
    }
}
