using Stadium.Data;
using Stadium.Service.Features.Posts;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Builds one page of a home feed: the user's fan-out timeline merged with the recent posts of the
/// celebrities they follow, newest first, hydrated from the post cache. The cost is O(page size +
/// celebrities followed), independent of how many users or follows exist.
/// </summary>
internal sealed class FeedReader(ITimelineStore timelines, IFollowStore follows, IPostStore posts, CelebrityDirectory celebrities, IPostCache postCache,
    Microsoft.Extensions.Options.IOptions<FeedOptions> options)
{
    // Deleted posts leave ids behind in timelines; a few extra rounds fill the page anyway. Each round looks twice
    // as far as the one before (a run of deletions, an author cleaning up, must not empty a page), so a page
    // reads at most 15 times its size in ids: still O(page size).
    private const int MaxRounds = 4;

    public async Task<Page<PostEntry>> ReadAsync(long userId, PageRequest page, CancellationToken ct)
    {
        var capacity = options.Value.TimelineCapacity;
        var celebrityIds = await celebrities.FollowedByAsync(userId, ct);
        var items = new List<PostEntry>(page.Limit);
        var before = page.Before;
        var more = false;
        for (var round = 0; round < MaxRounds && items.Count < page.Limit; round++)
        {
            var want = page.Limit - items.Count;
            var fetch = want << round;
            var home = timelines.ReadAsync(TimelineKey.Home(userId), before, fetch + 1,
                token => follows.GetHomeTimelineSeedAsync(userId, celebrities.FanOutLimit, capacity, token), ct);
            var sources = new List<TimelineSlice>(celebrityIds.Length + 1);
            if (celebrityIds.Length == 0)
            {
                sources.Add(await home);
            }
            else
            {
                // All lists are requested before any is awaited: with Redis timelines the reads travel
                // together (pipelined), one round trip per page instead of one per followed celebrity.
                var reads = new Task<TimelineSlice>[celebrityIds.Length + 1];
                reads[0] = home.AsTask();
                for (var c = 0; c < celebrityIds.Length; c++)
                {
                    var celebrity = celebrityIds[c];
                    reads[c + 1] = timelines.ReadAsync(TimelineKey.Author(celebrity), before, fetch + 1,
                        token => posts.GetRecentPostIdsAsync(celebrity, capacity, token), ct).AsTask();
                }

                sources.AddRange(await Task.WhenAll(reads));
            }

            var merged = Merge(sources, fetch + 1);
            more = merged.Count > fetch || sources.Any(s => s.More);
            if (merged.Count > fetch)
            {
                merged.RemoveAt(merged.Count - 1);
            }

            if (merged.Count == 0)
            {
                more = false;
                break;
            }

            var found = await postCache.GetManyAsync(merged, ct);
            if (found.Count > want)
            {
                // A wider round found more live posts than the page has room for: the page ends at the last one
                // shown, and the next page starts right after it.
                items.AddRange(found.Take(want));
                before = found[want - 1].Post!.Id;
                more = true;
                break;
            }

            items.AddRange(found);
            before = merged[^1];
            if (!more)
            {
                break;
            }
        }

        return new Page<PostEntry>(items, more && before is { } last ? PageRequest.Cursor(last) : null);
    }

    /// <summary>K-way merge of newest-first id lists, dropping duplicates, up to <paramref name="count"/> ids.</summary>
    internal static List<long> Merge(List<TimelineSlice> sources, int count)
    {
        if (sources.Count == 1)
        {
            return [.. sources[0].Ids.Take(count)];
        }

        var result = new List<long>(count);
        var positions = new int[sources.Count];
        while (result.Count < count)
        {
            var best = -1;
            for (var s = 0; s < sources.Count; s++)
            {
                var ids = sources[s].Ids;
                if (positions[s] < ids.Length && (best < 0 || ids[positions[s]] > sources[best].Ids[positions[best]]))
                {
                    best = s;
                }
            }

            if (best < 0)
            {
                break;
            }

            var id = sources[best].Ids[positions[best]++];
            if (result.Count == 0 || result[^1] != id)
            {
                result.Add(id);
            }
        }

        return result;
    }
}
