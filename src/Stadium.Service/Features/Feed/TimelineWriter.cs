using Stadium.Data;

namespace Stadium.Service.Features.Feed;

/// <summary>
/// Fan-out on write: a new post's id goes to the author's own list, the author's home timeline and,
/// unless the author is a celebrity, every follower's home timeline that is resident.
/// </summary>
internal sealed class TimelineWriter(ITimelineStore timelines, IFollowStore follows, CelebrityDirectory celebrities) : IFanOut
{
    public async Task PublishAsync(PostRecord post, int authorFollowers, CancellationToken ct)
    {
        var keys = new List<TimelineKey> { TimelineKey.Author(post.AuthorId), TimelineKey.Home(post.AuthorId) };
        if (!celebrities.SkipsFanOut(authorFollowers))
        {
            foreach (var follower in await follows.GetFollowerIdsAsync(post.AuthorId, ct))
            {
                keys.Add(TimelineKey.Home(follower));
            }
        }

        await timelines.PushAsync(keys, post.Id, ct);
    }

    public async Task FollowerCountChangedAsync(long authorId, int followers, bool increased, CancellationToken ct)
    {
        if (!await celebrities.FollowerCountChangedAsync(followers, increased, ct))
        {
            return;
        }

        // The author left the read-time merge, but what they posted above the fan-out line was never pushed
        // to any home timeline: without a rebuild it would vanish from their followers' feeds. Rare (only on
        // the way down across the line), so the cost of one rebuild per follower is paid rarely.
        foreach (var follower in await follows.GetFollowerIdsAsync(authorId, ct))
        {
            await timelines.InvalidateAsync(TimelineKey.Home(follower), ct);
        }
    }

    public async Task GraphChangedAsync(long userId, CancellationToken ct)
    {
        await timelines.InvalidateAsync(TimelineKey.Home(userId), ct);
        await celebrities.ForgetAsync(userId, ct);
    }
}
