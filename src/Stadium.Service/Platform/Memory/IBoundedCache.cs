namespace Stadium.Service.Platform.Memory;

/// <summary>An in-process cache held to a byte limit (its share of the budget); the memory metrics and monitor see it through this.</summary>
internal interface IBoundedCache
{
    /// <summary>The <c>cache</c> tag: one of <see cref="CacheNames"/>.</summary>
    string Name { get; }

    /// <summary>Estimated bytes held now.</summary>
    long Size { get; }

    long Limit { get; }

    /// <summary>Drops about <paramref name="fraction"/> of what the cache holds, stale copies first, then the least recently used.</summary>
    void Trim(double fraction);
}
