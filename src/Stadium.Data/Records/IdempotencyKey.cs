namespace Stadium.Data;

/// <summary>A client's Idempotency-Key with a fingerprint of the request it came with.</summary>
/// <param name="Window">How long the key answers replays ("Stadium:Retention:IdempotencyKeys"): a key older than this
/// is free, whether or not the sweeper has deleted it yet, and a request carrying it creates a new post.</param>
public sealed record IdempotencyKey(string Key, string RequestFingerprint, TimeSpan Window)
{
    /// <summary>The window the best-known APIs promise for their keys.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(24);

    public IdempotencyKey(string key, string requestFingerprint)
        : this(key, requestFingerprint, DefaultWindow)
    {
    }

    /// <summary>Keys created before this, relative to a request at <paramref name="at"/>, have expired (Unix ms).</summary>
    internal long ExpiredBeforeMs(DateTimeOffset at) => (at - Window).ToUnixTimeMilliseconds();
}
