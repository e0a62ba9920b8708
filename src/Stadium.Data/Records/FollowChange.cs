namespace Stadium.Data;

/// <summary>
/// Whether a follow or unfollow changed the graph, and the followee's follower count after it. When it
/// changed, both rows as the write left them (read in its transaction), so caches can be written through
/// with fresh values instead of being refilled later from a replica that may lag.
/// </summary>
public sealed record FollowChange(bool Changed, int FolloweeFollowers, UserRecord? Follower = null, UserRecord? Followee = null);
