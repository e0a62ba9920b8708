namespace Stadium.Protection.RateLimits;

/// <summary>
/// One token bucket: it holds at most <see cref="TokenLimit"/> requests (the burst a client may send at once) and gets
/// <see cref="TokensPerPeriod"/> back every <see cref="Period"/> (the rate it may keep up). The period is whole seconds:
/// the RateLimit fields and Retry-After speak in whole seconds.
/// </summary>
public sealed class BucketQuota
{
    public int TokenLimit { get; set; }

    public int TokensPerPeriod { get; set; }

    public TimeSpan Period { get; set; } = TimeSpan.FromSeconds(1);

    public static BucketQuota PerSecond(int burst, int perSecond) => new() { TokenLimit = burst, TokensPerPeriod = perSecond };
}
