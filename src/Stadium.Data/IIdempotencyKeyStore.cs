namespace Stadium.Data;

/// <summary>The idempotency keys of post creation, as the retention sweeper sees them (creation checks a key's age itself).</summary>
public interface IIdempotencyKeyStore
{
    /// <summary>
    /// Deletes up to <paramref name="batch"/> of the oldest keys created before <paramref name="before"/>, in one short
    /// statement of its own. Returns how many it deleted.
    /// </summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset before, int batch, CancellationToken ct);
}
