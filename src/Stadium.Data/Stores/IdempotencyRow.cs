namespace Stadium.Data.Stores;

/// <summary>The post an Idempotency-Key produced, a fingerprint of the request that first sent the key, and when.</summary>
internal sealed class IdempotencyRow
{
    public const string Select =
        "SELECT post_id AS PostId, fingerprint AS Fingerprint, created_at AS CreatedAtMs FROM idempotency_keys WHERE user_id = @authorId AND key = @Key";

    public long PostId { get; init; }

    public string Fingerprint { get; init; } = "";

    public long CreatedAtMs { get; init; }
}
