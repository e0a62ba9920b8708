using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// Token buckets in this process: the whole limit when the node runs alone, its <see cref="LocalShare"/> while Redis is
/// away. A bucket is keyed by the node count it was sized for, so a change of count starts new buckets at their new
/// size and the old ones are dropped by the partitioned limiter once idle. The partitioned limiter refills every
/// bucket from one timer (100 ms) and drops buckets that have stayed full for a while, so memory follows the clients
/// active now, not every client ever seen.
/// </summary>
internal sealed class LocalBuckets : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<(LimitKey Key, int Nodes)> _buckets;

    public LocalBuckets(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _buckets = PartitionedRateLimiter.Create<(LimitKey Key, int Nodes), (LimitKey Key, int Nodes)>(resource =>
            RateLimitPartition.GetTokenBucketLimiter(resource, bucket => BucketOptions(Quota(bucket.Key, bucket.Nodes))));
    }

    public LimitDecision Acquire(LimitKey key, int nodes)
    {
        var quota = Quota(key, nodes);
        using var lease = _buckets.AttemptAcquire((key, nodes));
        if (lease.IsAcquired)
        {
            var left = _buckets.GetStatistics((key, nodes))?.CurrentAvailablePermits ?? 0;
            return new LimitDecision(true, quota, left, TimeSpan.Zero);
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : quota.Period;
        return new LimitDecision(false, quota, 0, wait);
    }

    public void Dispose() => _buckets.Dispose();

    private BucketQuota Quota(LimitKey key, int nodes) => LocalShare.Of(_options.For(key.Scope).For(key.Class), nodes);

    private static TokenBucketRateLimiterOptions BucketOptions(BucketQuota quota) => new()
    {
        TokenLimit = quota.TokenLimit,
        TokensPerPeriod = quota.TokensPerPeriod,
        ReplenishmentPeriod = quota.Period,
        // A refused request is answered at once (429 with Retry-After), never held in a queue.
        QueueLimit = 0,
        // The partitioned limiter replenishes all buckets from one timer instead of one timer per bucket.
        AutoReplenishment = false,
    };
}
