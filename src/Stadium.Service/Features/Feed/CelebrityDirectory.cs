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
/// </summary>
public sealed class CelebrityDirectory(IFusionCache cache, IFollowStore follows, StadiumMetrics metrics, IOptions<StadiumOptions> options)
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(1);

    public int FanOutLimit => options.Value.Feed.CelebrityFollowers;

    public int MergeAbove => (int)(options.Value.Feed.CelebrityFollowers * 0.9);

    public bool SkipsFanOut(int followers) => followers > FanOutLimit;

    /// <summary>Celebrity accounts this user follows, whose recent posts are merged into the feed at read time.</summary>
    public async ValueTask<long[]> FollowedByAsync(long userId, CancellationToken ct)
    {
        DownstreamCalls.RecordCache();
        var hit = true;
        var ids = await cache.GetOrSetAsync<long[]>(
            "cf:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
        cache.RemoveAsync("cf:" + userId.ToString(System.Globalization.CultureInfo.InvariantCulture), token: ct);
}
