namespace Stadium.Service.Platform;

/// <summary>"Stadium:Cache": lifetimes of cached entries and how long a read waits for the Redis tier.</summary>
public sealed class CacheOptions
{
    public const string Section = "Stadium:Cache";

    public TimeSpan PostDuration { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan ProfileDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serve the last good value when the store fails (FusionCache fail-safe).</summary>
    public bool FailSafe { get; set; } = true;

    public TimeSpan FailSafeMaxDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>With a stale copy at hand, wait no longer than this for L2 before using the copy (L2 completes in the background).</summary>
    public TimeSpan DistributedSoftTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait for L2 at all; past it the read goes on as an L2 miss.</summary>
    public TimeSpan DistributedHardTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After an L2 or backplane failure, skip it for this long instead of paying a timeout per request.</summary>
    public TimeSpan DistributedCircuitBreakerDuration { get; set; } = TimeSpan.FromSeconds(2);
}
