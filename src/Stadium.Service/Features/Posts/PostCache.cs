using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Features.Posts;

/// <summary>
/// Post bodies by id. Hydration is a multi-get: every id is looked up in the cache, and all the
/// misses are fetched from the store in one round trip. Deleted posts are cached as tombstones so
/// timelines that still hold their ids don't send repeated misses to the store.
/// </summary>
internal sealed class PostCache(
    IFusionCache cache, CacheRoundTrips roundTrips, IPostStore posts, StadiumMetrics metrics, IOptions<CacheOptions> options, IOptions<JsonOptions> json)
    : IPostCache
{
    private static readonly TimeSpan TombstoneDuration = TimeSpan.FromMinutes(10);

    private static readonly FusionCacheEntryOptions L1Only = new() { SkipDistributedCacheRead = true };

    private static string Key(long id) => "p:" + id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask<List<PostEntry>> GetManyAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var found = new PostEntry?[ids.Count];
        List<int>? missing = null;
        for (var i = 0; i < ids.Count; i++)
        {
            // Synchronous on purpose: an L1 hit never waits, and the sync path skips an async state
            // machine per id (twenty per feed page). L1 only: a synchronous L2 read would block a thread on Redis.
            var hit = cache.TryGet<PostEntry>(Key(ids[i]), L1Only, ct);
            if (hit.HasValue)
            {
                found[i] = hit.Value;
            }
            else
            {
                (missing ??= []).Add(i);
            }
        }

        if (missing is not null && cache.HasDistributedCache)
        {
            missing = await FromDistributedCacheAsync(ids, missing, found, ct);
        }

        roundTrips.Record(ids.Count);
        metrics.CacheHit("post", ids.Count - (missing?.Count ?? 0));
        if (missing is not null)
        {
            metrics.CacheMiss("post", missing.Count);
            var loaded = await posts.GetPostsAsync(missing.Select(i => ids[i]).ToArray(), ct);
            var byId = loaded.ToDictionary(p => p.Id);
            var absent = missing.Select(i => ids[i]).Where(id => !byId.ContainsKey(id)).ToArray();
            if (absent.Length > 0)
            {
                // A tombstone is cached for minutes: only for a post that is really gone, not for one a lagging
                // replica has not replayed yet (rare: ids mostly come from timelines after the post was cached).
                foreach (var post in await posts.GetPostsUpToDateAsync(absent, ct))
                {
                    byId[post.Id] = post;
                }
            }

            foreach (var i in missing)
            {
                byId.TryGetValue(ids[i], out var post);
                found[i] = await StoreAsync(ids[i], post, ct);
            }
        }

        var result = new List<PostEntry>(ids.Count);
        foreach (var entry in found)
        {
            if (entry?.Post is not null)
            {
                result.Add(entry);
            }
        }

        return result;
    }

    /// <summary>L1 misses from L2, all requests in flight at once (pipelined on the Redis connection).</summary>
    private async ValueTask<List<int>?> FromDistributedCacheAsync(IReadOnlyList<long> ids, List<int> missing, PostEntry?[] found, CancellationToken ct)
    {
        var lookups = missing.Select(i => cache.TryGetAsync<PostEntry>(Key(ids[i]), token: ct).AsTask()).ToArray();
        var results = await Task.WhenAll(lookups);
        List<int>? stillMissing = null;
        for (var m = 0; m < missing.Count; m++)
        {
            if (results[m].HasValue)
            {
                found[missing[m]] = results[m].Value;
            }
            else
            {
                (stillMissing ??= []).Add(missing[m]);
            }
        }

        return stillMissing;
    }

    public async ValueTask<PostRecord?> GetAsync(long id, CancellationToken ct)
    {
        var many = await GetManyAsync([id], ct);
        return many.Count == 1 ? many[0].Post : null;
    }

    public async ValueTask<PostEntry> StoreAsync(long id, PostRecord? post, CancellationToken ct)
    {
        var duration = post is null ? TombstoneDuration : options.Value.PostDuration;
        var entry = new PostEntry(post);
        var bytes = entry.Utf8Json(json.Value.SerializerOptions).Length;
        // The UTF-8 JSON kept for feed pages, plus the record's strings (UTF-16, about twice the JSON's text) and headers.
        var size = EntrySize.EntryOverhead + 96 + (3L * bytes);
        await cache.SetAsync(Key(id), entry, new FusionCacheEntryOptions(duration) { Size = size }, token: ct);
        return entry;
    }
}
