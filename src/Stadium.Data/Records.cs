namespace Stadium.Data;

/// <summary>A user as the API shows it, with the counters kept beside the row.</summary>
public sealed record UserRecord(
    long Id,
    string Username,
    string DisplayName,
    string Bio,
    int Followers,
    int Following,
    int Posts,
    DateTimeOffset CreatedAt);

public sealed record NewUser(string Username, string Email, string PasswordHash, DateTimeOffset CreatedAt);

public sealed record Credentials(long UserId, string Username, string PasswordHash);

public sealed record PostRecord(long Id, long AuthorId, string Author, string Text, DateTimeOffset CreatedAt);

public sealed record UserSummary(long Id, string Username, string DisplayName);

/// <summary>A client's Idempotency-Key with a fingerprint of the request it came with.</summary>
public sealed record IdempotencyKey(string Key, string RequestFingerprint);

public enum PostCreateOutcome
{
    Created,
    Replayed,
    KeyReusedWithDifferentRequest,
}

/// <param name="Author">On <see cref="PostCreateOutcome.Created"/>, the author's row after the write, read in its transaction.</param>
public sealed record PostCreateResult(PostCreateOutcome Outcome, PostRecord? Post, UserRecord? Author = null);

/// <summary>
/// Whether a follow or unfollow changed the graph, and the followee's follower count after it. When it
/// changed, both rows as the write left them (read in its transaction), so caches can be written through
/// with fresh values instead of being refilled later from a replica that may lag.
/// </summary>
public sealed record FollowChange(bool Changed, int FolloweeFollowers, UserRecord? Follower = null, UserRecord? Followee = null);

public enum DeleteOutcome
{
    Deleted,
    NotFound,
    Forbidden,
}

/// <summary>A refresh token's server-side state; only the token's hash is stored.</summary>
public sealed record RefreshSession(
    byte[] TokenHash,
    Guid FamilyId,
    long UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt,
    DateTimeOffset? RevokedAt);
