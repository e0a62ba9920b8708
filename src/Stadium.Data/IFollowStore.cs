namespace Stadium.Data;

public interface IFollowStore
{
    /// <summary>Following twice is not an error; the answer says whether anything changed.</summary>
    Task<FollowChange> FollowAsync(long followerId, long followeeId, DateTimeOffset at, CancellationToken ct);

    Task<FollowChange> UnfollowAsync(long followerId, long followeeId, CancellationToken ct);

    /// <summary>Followers ordered by user id descending, ids below <paramref name="before"/>.</summary>
    Task<IReadOnlyList<UserSummary>> GetFollowersAsync(long userId, long? before, int limit, CancellationToken ct);

    Task<IReadOnlyList<UserSummary>> GetFollowingAsync(long userId, long? before, int limit, CancellationToken ct);

    /// <summary>
    /// Every follower id: the fan-out list for one author's new post. Up to date with every commit made
    /// before the call, so whoever followed a moment ago gets the post.
    /// </summary>
    Task<IReadOnlyList<long>> GetFollowerIdsAsync(long userId, CancellationToken ct);

    /// <summary>Accounts the user follows whose follower count is above <paramref name="followerThreshold"/>.</summary>
    Task<IReadOnlyList<long>> GetFollowedCelebritiesAsync(long userId, int followerThreshold, CancellationToken ct);

    /// <summary>
    /// The newest post ids (up to <paramref name="limit"/>) of the user and of every account the user
    /// follows with at most <paramref name="followerThreshold"/> followers: a home timeline rebuilt from scratch.
    /// Up to date with every commit made before the call, since the timeline built from it is cached.
    /// </summary>
    Task<IReadOnlyList<long>> GetHomeTimelineSeedAsync(long userId, int followerThreshold, int limit, CancellationToken ct);
}
