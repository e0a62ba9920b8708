namespace Stadium.Protection.RateLimits;

/// <summary>
/// What a bucket said about one request: whether it may go on, the bucket it came from (the whole quota when shared, a
/// node's share when local), the tokens left and, when refused, how long until the next one.
/// </summary>
internal readonly record struct LimitDecision(bool Allowed, BucketQuota Quota, long Remaining, TimeSpan RetryAfter);
