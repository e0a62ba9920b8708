using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Memory;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Who counts as a celebrity, from both sides. Writers skip fan-out above the threshold; readers merge
/// authors above 90 % of it. The overlap is deliberate: an author crossing the line between a write and
/// a read is covered by both paths (the merge de-duplicates), so no post falls between them.
/// Readers cache "which celebrities do I follow"; when any author crosses the merge line, the
/// epoch in those cache keys moves on, so every reader recomputes instead of trusting a stale list.
/// The epoch is itself a cache entry, so with Redis it is shared: the backplane drops every node's
/// copy when one node moves it, and a crossing seen on any node reaches readers on all of them. Each
/// move writes a fresh random value rather than an increment, so two nodes moving it at once can
/// never land on a value a reader already used. Crossings are rare (only near the threshold), so the
/// recomputation is cheap in aggregate.
/// </summary>
internal sealed class CelebrityDirectory(IFusionCache cache, CacheRoundTrips roundTrips, IFollowStore follows, StadiumMetrics metrics, IOptions<FeedOptions> options, CacheStaleness staleness)
{
    private const string EpochKey = "celebrity-epoch";
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);
    private static readonly FusionCacheEntryOptions EpochOptions = new(TimeSpan.FromDays(1)) { Size = EntrySize.Unknown };

    public int FanOutLimit => options.Value.CelebrityFollowers;

    public int MergeAbove => (int)(options.Value.CelebrityFollowers * 0.9);

    public bool SkipsFanOut(int followers) => followers > FanOutLimit;

    /// <summary>
    /// Call after a follow or unfollow changed <paramref name="followers"/> by one; true when the author has just
    /// dropped out of the read-time merge.
    /// </summary>
    public async ValueTask<bool> FollowerCountChangedAsync(int followers, bool increased, CancellationToken ct)
    {
        var before = increased ? followers - 1 : followers + 1;
        if ((before > MergeAbove) == (followers > MergeAbove))
        {
            return false;
        }

        await cache.SetAsync(EpochKey, Random.Shared.NextInt64(), EpochOptions, token: ct);
        return !increased;
    }

    private async ValueTask<string> KeyAsync(long userId, CancellationToken ct)
    {
        // Read through L1; on a node that has never seen a crossing, 0 is cached like any other value.
        var epoch = await cache.GetOrSetAsync(EpochKey, 0L, EpochOptions, token: ct);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cf:{epoch}:{userId}");
    }

    /// <summary>Celebrity accounts this user follows, whose recent posts are merged into the feed at read time.</summary>
    public async ValueTask<long[]> FollowedByAsync(long userId, CancellationToken ct)
    {
        var (ids, hit) = await roundTrips.GetOrSetAsync(
            cache,
            await KeyAsync(userId, ct),
            async token => (await follows.GetFollowedCelebritiesAsync(userId, MergeAbove, token)).ToArray(),
            ids => EntrySize.OfIds(ids.Length),
            // Fail-safe on: while the store is down the last list is served, up to its staleness budget.
            staleness.Entry(cache, CacheStaleness.Celebrities, Duration),
            ct);
        if (hit)
        {
            metrics.CacheHit("celebrities");
        }
        else
        {
            metrics.CacheMiss("celebrities");
        }

        return ids;
    }

    public async ValueTask ForgetAsync(long userId, CancellationToken ct) =>
        await cache.RemoveAsync(await KeyAsync(userId, ct), token: ct);
}
