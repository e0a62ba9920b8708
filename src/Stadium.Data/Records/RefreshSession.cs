namespace Stadium.Data;

/// <summary>A refresh token's server-side state; only the token's hash is stored.</summary>
public sealed record RefreshSession(
    byte[] TokenHash,
    Guid FamilyId,
    long UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? UsedAt,
    DateTimeOffset? RevokedAt);
