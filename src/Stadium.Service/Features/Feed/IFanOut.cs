using Stadium.Data;

namespace Stadium.Service.Features.Feed;

/// <summary>What the feed needs to hear about writes: new posts to fan out, and follows that change whose posts reach whom.</summary>
public interface IFanOut
{
    /// <summary>A new post's id goes to the author's own list, the author's home timeline and, unless the author is a celebrity, their followers'.</summary>
    Task PublishAsync(PostRecord post, int authorFollowers, CancellationToken ct);

    /// <summary>Call after a follow or unfollow changed <paramref name="authorId"/>'s follower count to <paramref name="followers"/>.</summary>
    Task FollowerCountChangedAsync(long authorId, int followers, bool increased, CancellationToken ct);

    /// <summary>After a follow or unfollow the home timeline no longer matches the graph: rebuild it on next read.</summary>
    Task GraphChangedAsync(long userId, CancellationToken ct);
}
