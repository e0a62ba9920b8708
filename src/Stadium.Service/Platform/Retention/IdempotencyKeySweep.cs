using Stadium.Data;

namespace Stadium.Service.Platform.Retention;

/// <summary>Expired idempotency keys (post creation already ignores them; this frees their rows).</summary>
internal sealed class IdempotencyKeySweep(IIdempotencyKeyStore keys) : IRetentionSweep
{
    public string What => "idempotency_keys";

    public TimeSpan KeptFor(RetentionOptions retention) => retention.IdempotencyKeys;

    public Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct) => keys.DeleteExpiredAsync(before, batch, ct);
}
