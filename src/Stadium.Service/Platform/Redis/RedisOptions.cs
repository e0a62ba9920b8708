namespace Stadium.Service.Platform.Redis;

/// <summary>"Stadium:Redis": the shared cache tier. Empty <see cref="Configuration"/> keeps the embedded default (no Redis).</summary>
public sealed class RedisOptions
{
    public const string Section = "Stadium:Redis";

    /// <summary>A StackExchange.Redis configuration string such as "127.0.0.1:6379"; empty = no Redis.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>
    /// Longest wait for one Redis command. Short on purpose: Redis answers in well under a millisecond
    /// when healthy, and a request should fall back to L1 and the store rather than queue behind it.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The old name of <c>Stadium:Protection:Dependencies:Redis:BreakerDuration</c> (how long the node serves locally after
    /// Redis fails before trying it again); where set, and that key is not, it sets the redis breaker's duration.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A timeline nobody has read for this long expires from Redis and is rebuilt on its next read.</summary>
    public TimeSpan TimelineIdleExpiry { get; set; } = TimeSpan.FromHours(6);

    /// <summary>While degraded, per-node timelines are dropped this often, bounding how stale they get without cross-node pushes.</summary>
    public TimeSpan DegradedTimelineLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Each node keeps the first page of a celebrity's own list this long: those lists are read by every
    /// follower's feed (hot keys), so one Redis read per node per interval replaces thousands. Zero turns it off.
    /// </summary>
    public TimeSpan AuthorPageMemo { get; set; } = TimeSpan.FromMilliseconds(500);

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
