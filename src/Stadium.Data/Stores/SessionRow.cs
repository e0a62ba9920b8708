namespace Stadium.Data.Stores;

/// <summary>A refresh_sessions row; the family id arrives as a uuid or as its text, depending on the engine.</summary>
internal sealed class SessionRow
{
    public const string Select =
        """
        SELECT token_hash AS TokenHash, family_id AS FamilyId, user_id AS UserId, created_at AS CreatedAt,
               expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
        FROM refresh_sessions
        """;

    public byte[] TokenHash { get; init; } = [];

    public object FamilyId { get; init; } = Guid.Empty;

    public long UserId { get; init; }

    public long CreatedAt { get; init; }

    public long ExpiresAt { get; init; }

    public long? UsedAt { get; init; }

    public long? RevokedAt { get; init; }

    public RefreshSession ToRecord() => new(
        TokenHash, ToGuid(FamilyId), UserId, Ms.From(CreatedAt), Ms.From(ExpiresAt),
        UsedAt is { } u ? Ms.From(u) : null, RevokedAt is { } r ? Ms.From(r) : null);

    public static Guid ToGuid(object familyId) => familyId is Guid guid ? guid : Guid.Parse((string)familyId);
}
