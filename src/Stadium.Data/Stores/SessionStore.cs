using System.Data.Common;
using Dapper;

namespace Stadium.Data.Stores;

/// <summary>Refresh sessions, on the primary only: rotation state must never be read stale.</summary>
internal sealed class SessionStore(IDatabase database, SqlDialect dialect) : ISessionStore
{
    public Task CreateAsync(RefreshSession session, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => InsertAsync(connection, transaction, session, ct), ct);

    public async Task<RefreshSession?> FindAsync(byte[] tokenHash, CancellationToken ct) =>
        (await database.ReadPrimaryAsync(connection => connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            $"{SessionRow.Select} WHERE token_hash = @tokenHash", new { tokenHash }, cancellationToken: ct)), ct))?.ToRecord();

    public Task<bool> RotateAsync(byte[] oldTokenHash, RefreshSession next, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var marked = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE refresh_sessions SET used_at = @at WHERE token_hash = @oldTokenHash AND used_at IS NULL AND revoked_at IS NULL",
                new { oldTokenHash, at = Ms.Of(at) }, transaction, cancellationToken: ct));
            if (marked == 0)
            {
                return false;
            }

            await InsertAsync(connection, transaction, next, ct);
            return true;
        }, ct);

    public Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_sessions SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId = dialect.FamilyId(familyId), at = Ms.Of(at) }, transaction, cancellationToken: ct)), ct);

    public async Task<DateTimeOffset?> SessionStartedAsync(Guid familyId, CancellationToken ct) =>
        await database.ReadPrimaryAsync(connection => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(created_at) FROM refresh_sessions WHERE family_id = @familyId",
            new { familyId = dialect.FamilyId(familyId) }, cancellationToken: ct)), ct) is { } started ? Ms.From(started) : null;

    public Task<IReadOnlyList<Guid>> RevokeUserAsync(long userId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<Guid>>(async (connection, transaction) =>
        {
            var rows = await connection.QueryAsync<FamilyRow>(new CommandDefinition(
                "UPDATE refresh_sessions SET revoked_at = @at WHERE user_id = @userId AND revoked_at IS NULL RETURNING family_id AS FamilyId",
                new { userId, at = Ms.Of(at) }, transaction, cancellationToken: ct));
            return [.. rows.Select(r => SessionRow.ToGuid(r.FamilyId)).Distinct()];
        }, ct);

    public Task<IReadOnlyList<RevokedFamily>> RevokedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct) =>
        database.ReadPrimaryAsync<IReadOnlyList<RevokedFamily>>(async connection =>
        {
            var rows = await connection.QueryAsync<RevokedRow>(new CommandDefinition(
                """
                SELECT family_id AS FamilyId, MAX(revoked_at) AS RevokedAt FROM refresh_sessions
                WHERE revoked_at > @since GROUP BY family_id ORDER BY MAX(revoked_at) LIMIT @limit
                """,
                new { since = Ms.Of(since), limit }, cancellationToken: ct));
            return [.. rows.Select(r => new RevokedFamily(SessionRow.ToGuid(r.FamilyId), Ms.From(r.RevokedAt)))];
        }, ct);

    private Task<int> InsertAsync(DbConnection connection, DbTransaction transaction, RefreshSession s, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO refresh_sessions (token_hash, family_id, user_id, created_at, expires_at)
            VALUES (@TokenHash, @family, @UserId, @created, @expires)
            """,
            new { s.TokenHash, family = dialect.FamilyId(s.FamilyId), s.UserId, created = Ms.Of(s.CreatedAt), expires = Ms.Of(s.ExpiresAt) }, transaction, cancellationToken: ct));

    private sealed class FamilyRow
    {
        public object FamilyId { get; init; } = Guid.Empty;
    }

    private sealed class RevokedRow
    {
        public object FamilyId { get; init; } = Guid.Empty;

        public long RevokedAt { get; init; }
    }
}
