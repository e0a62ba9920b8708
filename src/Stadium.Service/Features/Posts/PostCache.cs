using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Data.Diagnostics;
using Stadium.Service.Platform;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Features.Posts;

/// <summary>
/// Post bodies by id. Hydration is a multi-get: every id is looked up in the cache, and all the
/// misses are fetched from the store in one round trip. Deleted posts are cached as tombstones so
/// timelines that still hold their ids don't send repeated misses to the store.
/// </summary>
public sealed class PostCache(IFusionCache cache, IPostStore posts, StadiumMetrics metrics, IOptions<StadiumOptions> options)
{
    private static readonly TimeSpan TombstoneDuration = TimeSpan.FromMinutes(10);

    private static string Key(long id) => "p:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The posts that still exist, in the order of <paramref name="ids"/>.</summary>
    public async ValueTask<List<PostRecord>> GetManyAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var found = new PostRecord?[ids.Count];
        List<int>? missing = null;
        for (var i = 0; i < ids.Count; i++)
        {
            var hit = await cache.TryGetAsync<PostEntry>(Key(ids[i]), token: ct);
            if (hit.HasValue)
            {
                found[i] = hit.Value.Post;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        DownstreamCalls.RecordCache(ids.Count);
        metrics.CacheHit("post", ids.Count - (missing?.Count ?? 0));
        if (missing is not null)
        {
            metrics.CacheMiss("post", missing.Count);
            var loaded = await posts.GetPostsAsync(missing.Select(i => ids[i]).ToArray(), ct);
            var byId = loaded.ToDictionary(p => p.Id);
            foreach (var i in missing)
            {
                byId.TryGetValue(ids[i], out var post);
                found[i] = post;
                await StoreAsync(ids[i], post, ct);
            }
        }

        var result = new List<PostRecord>(ids.Count);
        foreach (var post in found)
        {
            if (post is not null)
            {
                result.Add(post);
            }
        }

        return result;
    }

    public async ValueTask<PostRecord?> GetAsync(long id, CancellationToken ct)
    {
        var many = await GetManyAsync([id], ct);
        return many.Count == 1 ? many[0] : null;
    }

    /// <summary>Caches a post just written, or a tombstone for one just deleted (null).</summary>
    public ValueTask StoreAsync(long id, PostRecord? post, CancellationToken ct)
    {
        var duration = post is null ? TombstoneDuration : options.Value.Cache.PostDuration;
        return cache.SetAsync(Key(id), new PostEntry(post), new FusionCacheEntryOptions(duration), token: ct);
    }

    /// <summary>Wrapper so a cached "no such post" differs from "not in the cache".</summary>
    public sealed record PostEntry(PostRecord? Post);
}
