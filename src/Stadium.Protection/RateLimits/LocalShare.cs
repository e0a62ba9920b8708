namespace Stadium.Protection.RateLimits;

/// <summary>
/// What one node may allow on its own while the shared buckets are out of reach: the limit divided by the number of
/// live nodes it last counted. Each part is rounded up and at least one token, so the fleet together allows the
/// limit (plus at most one token per node), never nothing and never everything.
/// </summary>
internal static class LocalShare
{
    public static BucketQuota Of(BucketQuota quota, int nodes)
    {
        if (nodes <= 1)
        {
            return quota;
        }

        return new BucketQuota
        {
            TokenLimit = Part(quota.TokenLimit, nodes),
            TokensPerPeriod = Part(quota.TokensPerPeriod, nodes),
            Period = quota.Period,
        };
    }

    private static int Part(int whole, int nodes) => Math.Max(1, (int)Math.Ceiling(whole / (double)nodes));
}
