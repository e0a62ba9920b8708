namespace Stadium.Data;

// One small interface per aggregate. Every backend implements all of them and passes the
// same contract suite (tests/Stadium.Data.Tests/Contract), so callers never know which runs.

public interface IUserStore
{
    /// <returns>The new id, or null when the username is taken (case-insensitively).</returns>
    Task<long?> CreateUserAsync(NewUser user, CancellationToken ct);

    Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct);

    Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct);

    Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct);

    Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct);

    /// <summary>Sets the given fields (null leaves a field as it is) and returns the new state.</summary>
    Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct);
}

public interface IPostStore
{
    /// <summary>
    /// Inserts a post and bumps the author's counter in one transaction. With a key, a replay of
    /// the same request returns the first post instead of writing a second one.
    /// </summary>
    Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct);

    Task<PostRecord?> GetPostAsync(long id, CancellationToken ct);

    /// <summary>Multi-get in one round trip; missing ids are simply absent from the answer.</summary>
    Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>
    /// <see cref="GetPostsAsync"/> up to date with every commit made before the call, so an id absent from the answer
    /// really is gone (deleted or never written), not merely not yet on a lagging replica. A store without replicas
    /// is always up to date.
    /// </summary>
    Task<IReadOnlyList<PostRecord>> GetPostsUpToDateAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => GetPostsAsync(ids, ct);

    /// <summary>Deletes only when <paramref name="requesterId"/> owns the post.</summary>
    Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct);

    /// <summary>An author's posts, newest first, with ids below <paramref name="before"/>.</summary>
    Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct);

    /// <summary>
    /// An author's newest post ids, up to date with every commit made before the call (never a lagging
    /// replica's past): timelines are built from it and cached.
    /// </summary>
    Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct);
}

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

public interface ISessionStore
{
    Task CreateAsync(RefreshSession session, CancellationToken ct);

    Task<RefreshSession?> FindAsync(byte[] tokenHash, CancellationToken ct);

    /// <summary>
    /// Marks <paramref name="oldTokenHash"/> used and stores <paramref name="next"/>, atomically.
    /// False when the old token was already used or revoked: the caller treats that as theft.
    /// </summary>
    Task<bool> RotateAsync(byte[] oldTokenHash, RefreshSession next, DateTimeOffset at, CancellationToken ct);

    Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Session families revoked after <paramref name="since"/>, with their latest revocation time, oldest first:
    /// how a node that starts (or has no Redis relay) learns which unexpired access tokens to refuse.
    /// </summary>
    Task<IReadOnlyList<RevokedFamily>> RevokedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct);
}

public sealed record RevokedFamily(Guid FamilyId, DateTimeOffset RevokedAt);

/// <summary>Readiness facts about the store: reachable, schema current.</summary>
public interface IStoreHealth
{
    Task<StoreHealthReport> CheckAsync(CancellationToken ct);
}

/// <param name="Degraded">Why the store serves only part of its work (reads but not writes, say); null when whole.</param>
public sealed record StoreHealthReport(bool Reachable, int SchemaVersion, int ExpectedSchemaVersion, string? Error, string? Degraded = null)
{
    public bool Ready => Reachable && SchemaVersion == ExpectedSchemaVersion;
}
