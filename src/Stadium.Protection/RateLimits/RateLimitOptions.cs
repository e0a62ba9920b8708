namespace Stadium.Protection.RateLimits;

/// <summary>
/// "Stadium:Protection:RateLimits": token buckets per signed-in user and per client address, one per endpoint class.
/// The defaults stop a client stuck in a loop (tens of thousands of requests a second on one keep-alive connection)
/// yet leave room for the demo's busiest account: the lab picks accounts by Zipf, so at `--mau 1000000` the first
/// of 200 accounts makes about a sixth of 4,000 requests a second, all from 127.0.0.1. docs/protection.md explains each.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Stadium:Protection:RateLimits";

    /// <summary>Off: no buckets, no headers, no Redis traffic (capacity benchmarks drive one token flat out).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Buckets of signed-in users, by the token's subject.</summary>
    public ClassQuotas Users { get; set; } = new()
    {
        Read = BucketQuota.PerSecond(2000, 1000),
        Write = BucketQuota.PerSecond(400, 200),
        Auth = BucketQuota.PerSecond(60, 30),
        Bulk = BucketQuota.PerSecond(60, 30),
    };

    /// <summary>
    /// Buckets of anonymous clients, by connection address (an IPv6 client by its /64). Logins and refreshes are
    /// anonymous, so <c>Auth</c> here carries every sign-in from one address: the demo's login burst and, behind a NAT, a
    /// whole office. Password hashing has its own concurrency limit behind this one.
    /// </summary>
    public ClassQuotas Addresses { get; set; } = new()
    {
        Read = BucketQuota.PerSecond(2000, 1000),
        Write = BucketQuota.PerSecond(200, 100),
        Auth = BucketQuota.PerSecond(600, 300),
        Bulk = BucketQuota.PerSecond(60, 30),
    };

    /// <summary>Longest wait for Redis's answer on a request's path; past it the node counts Redis as down and uses its local share.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often a node writes its heartbeat to Redis and counts the live nodes (a node missing three heartbeats is no
    /// longer counted); a failed heartbeat keeps the node local, an answered one shares the limits again.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Prefix of the Redis keys: buckets at "rl:tb:{prefix:class:scope:id}", heartbeats at "prefix:nodes".</summary>
    public string RedisPrefix { get; set; } = "stadium:rl";

    public ClassQuotas For(LimitScope scope) => scope == LimitScope.User ? Users : Addresses;
}
