using Microsoft.Extensions.Caching.Memory;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// FusionCache's L1: one memory cache per share (posts, profiles, celebrities), chosen by the key's prefix, so each
/// kind of entry is held to its own share of the budget and one kind cannot crowd out another. Keys are the features'
/// own ("p:" posts, "u:" profiles, "cf:" and the celebrity epoch); any other key is counted with posts.
/// </summary>
internal sealed class FusionMemoryPartitions(SizedMemoryCache posts, SizedMemoryCache profiles, SizedMemoryCache celebrities) : IMemoryCache
{
    public IReadOnlyList<SizedMemoryCache> All => [posts, profiles, celebrities];

    public ICacheEntry CreateEntry(object key) => For(key).CreateEntry(key);

    public bool TryGetValue(object key, out object? value) => For(key).TryGetValue(key, out value);

    public void Remove(object key) => For(key).Remove(key);

    public void Dispose()
    {
        posts.Dispose();
        profiles.Dispose();
        celebrities.Dispose();
    }

    private SizedMemoryCache For(object key) => key is string text && text.Length > 1
        ? text[0] switch
        {
            'u' when text[1] == ':' => profiles,
            'c' when text.StartsWith("cf:", StringComparison.Ordinal) || text.StartsWith("celebrity", StringComparison.Ordinal) => celebrities,
            _ => posts,
        }
        : posts;
}
