using Dapper;

namespace Stadium.Data.Stores;

/// <summary>Sweeps expired idempotency keys, oldest first through ix_idempotency_keys_created.</summary>
internal sealed class IdempotencyKeyStore(IDatabase database) : IIdempotencyKeyStore
{
    /// <summary>
    /// The outer condition repeats the inner one: on PostgreSQL a key claimed over (expired, then reused) while the
    /// statement waited for its row is re-checked with its new age and kept.
    /// </summary>
    private const string DeleteExpired =
        """
        DELETE FROM idempotency_keys WHERE created_at < @before AND (user_id, key) IN (
            SELECT user_id, key FROM idempotency_keys WHERE created_at < @before ORDER BY created_at LIMIT @batch)
        """;

    public Task<int> DeleteExpiredAsync(DateTimeOffset before, int batch, CancellationToken ct) =>
        database.WriteStatementAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            DeleteExpired, new { before = Ms.Of(before), batch }, cancellationToken: ct)), ct);
}
