using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Data.Diagnostics;
using Stadium.Service.Platform;
using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Who counts as a celebrity, from both sides. Writers skip fan-out above the threshold; readers merge
/// authors above 90 % of it. The overlap is deliberate: an author crossing the line between a write and
/// a read is covered by both paths (the merge de-duplicates), so no post falls between them.
/// Readers cache "which celebrities do I follow"; when any author crosses the merge line, the
/// epoch in those cache keys moves on, so every reader recomputes instead of trusting a stale list.
/// Crossings are rare (only near the threshold), so the recomputation is cheap in aggregate.
/// </summary>
public sealed class CelebrityDirectory(IFusionCache cache, IFollowStore follows, StadiumMetrics metrics, IOptions<StadiumOptions> options)
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);

    public int FanOutLimit => options.Value.Feed.CelebrityFollowers;

    public int MergeAbove => (int)(options.Value.Feed.CelebrityFollowers * 0.9);

    private long _epoch;

    public bool SkipsFanOut(int followers) => followers > FanOutLimit;

    /// <summary>Call after a follow or unfollow changed <paramref name="followers"/> by one.</summary>
    public void FollowerCountChanged(int followers, bool increased)
    {
        var before = increased ? followers - 1 : followers + 1;
        if ((before > MergeAbove) != (followers > MergeAbove))
        {
            Interlocked.Increment(ref _epoch);
        }
    }

    private string Key(long userId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"cf:{Interlocked.Read(ref _epoch)}:{userId}");

    /// <summary>Celebrity accounts this user follows, whose recent posts are merged into the feed at read time.</summary>
    public async ValueTask<long[]> FollowedByAsync(long userId, CancellationToken ct)
    {
        DownstreamCalls.RecordCache();
        var hit = true;
        var ids = await cache.GetOrSetAsync<long[]>(
            Key(userId),
            async (_, token) =>
            {
                hit = false;
                return (await follows.GetFollowedCelebritiesAsync(userId, MergeAbove, token)).ToArray();
            },
            options: new FusionCacheEntryOptions(Duration),
            token: ct);
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

    public ValueTask ForgetAsync(long userId, CancellationToken ct) =>
        cache.RemoveAsync(Key(userId), token: ct);
}
