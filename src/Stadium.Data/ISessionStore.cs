namespace Stadium.Data;

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

    /// <summary>When the session (family) began, at its login: its first token's creation; null for an unknown family.</summary>
    Task<DateTimeOffset?> SessionStartedAsync(Guid familyId, CancellationToken ct);

    /// <summary>
    /// Revokes every session of <paramref name="userId"/> not revoked yet (a password change, "log out everywhere");
    /// returns their families, whose access tokens the caller refuses from now on.
    /// </summary>
    Task<IReadOnlyList<Guid>> RevokeUserAsync(long userId, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Session families revoked after <paramref name="since"/>, with their latest revocation time, oldest first:
    /// how a node that starts (or has no Redis relay) learns which unexpired access tokens to refuse.
    /// </summary>
    Task<IReadOnlyList<RevokedFamily>> RevokedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct);
}
