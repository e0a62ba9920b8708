using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// Token buckets in Redis (RedisRateLimiting's token bucket: one Lua script per request), shared by every node, so a
/// client's limit is the same however many nodes its requests land on. A limiter object is made per request: it is
/// two key names around the shared connection, and RedisRateLimiting's limiters never report themselves idle, so a
/// cache of them (as a partitioned limiter keeps) would hold one per user and address forever.
/// </summary>
internal sealed class SharedBuckets(IConnectionMultiplexer redis, IOptions<RateLimitOptions> options)
{
    private readonly RateLimitOptions _options = options.Value;

    /// <summary>Redis's answer, or an exception (timeout after <see cref="RateLimitOptions.RedisTimeout"/>, connection errors) for the caller to fall back on.</summary>
    public async ValueTask<LimitDecision> AcquireAsync(LimitKey key, CancellationToken ct)
    {
        var quota = _options.For(key.Scope).For(key.Class);
        using var bucket = new RedisTokenBucketRateLimiter<string>(key.RedisName(_options.RedisPrefix), new RedisTokenBucketRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            TokenLimit = quota.TokenLimit,
            TokensPerPeriod = quota.TokensPerPeriod,
            ReplenishmentPeriod = quota.Period,
        });
        using var lease = await bucket.AcquireAsync(1, ct).AsTask().WaitAsync(_options.RedisTimeout, ct);
        if (lease.IsAcquired)
        {
            var left = lease.TryGetMetadata(RateLimitMetadataName.Remaining, out var remaining) ? remaining : 0;
            return new LimitDecision(true, quota, left, TimeSpan.Zero);
        }

        // The library's refusals carry no retry time; a period is the longest a client can wait for the next refill.
        var wait = lease.TryGetMetadata(RateLimitMetadataName.RetryAfter, out var retryAfter) ? TimeSpan.FromSeconds(retryAfter) : quota.Period;
        return new LimitDecision(false, quota, 0, wait);
    }
}
