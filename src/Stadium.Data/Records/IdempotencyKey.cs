namespace Stadium.Data;

/// <summary>A client's Idempotency-Key with a fingerprint of the request it came with.</summary>
public sealed record IdempotencyKey(string Key, string RequestFingerprint);
