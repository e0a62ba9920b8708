namespace Stadium.Data.Stores;

/// <summary>The post an Idempotency-Key produced, and a fingerprint of the request that first sent the key.</summary>
internal sealed class IdempotencyRow
{
    public const string Select =
        "SELECT post_id AS PostId, fingerprint AS Fingerprint FROM idempotency_keys WHERE user_id = @authorId AND key = @Key";

    public long PostId { get; init; }

    public string Fingerprint { get; init; } = "";
}
