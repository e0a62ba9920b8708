using Microsoft.Extensions.Options;
using Stadium.Protection.RateLimits;

namespace Stadium.Protection.Tests.RateLimits;

public sealed class LocalBucketsTests
{
    /// <summary>Five tokens an hour: nothing refills while a test runs, so the counts are exact on any machine.</summary>
    private static readonly BucketQuota Five = new() { TokenLimit = 5, TokensPerPeriod = 5, Period = TimeSpan.FromHours(1) };

    private static readonly LimitKey Alice = new(EndpointClass.Write, LimitScope.User, "1");

    [Fact]
    public void One_users_exhausted_bucket_leaves_other_users_classes_and_addresses_untouched()
    {
        using var buckets = new LocalBuckets(Options.Create(new RateLimitOptions { Users = AllClasses(Five), Addresses = AllClasses(Five) }));
        for (var i = 4; i >= 0; i--)
        {
            var allowed = buckets.Acquire(Alice, nodes: 1);
            Assert.True(allowed.Allowed);
            Assert.Equal(i, allowed.Remaining);
        }

        var refused = buckets.Acquire(Alice, nodes: 1);
        Assert.False(refused.Allowed);
        Assert.Equal(0, refused.Remaining);
        Assert.True(refused.RetryAfter > TimeSpan.Zero);

        Assert.True(buckets.Acquire(Alice with { Id = "2" }, nodes: 1).Allowed);
        Assert.True(buckets.Acquire(Alice with { Class = EndpointClass.Read }, nodes: 1).Allowed);
        Assert.True(buckets.Acquire(Alice with { Scope = LimitScope.Address }, nodes: 1).Allowed);
    }

    [Fact]
    public void Users_and_addresses_have_their_own_sizes()
    {
        var one = new BucketQuota { TokenLimit = 1, TokensPerPeriod = 1, Period = TimeSpan.FromHours(1) };
        using var buckets = new LocalBuckets(Options.Create(new RateLimitOptions { Users = AllClasses(Five), Addresses = AllClasses(one) }));
        var anonymous = new LimitKey(EndpointClass.Read, LimitScope.Address, "192.0.2.1");
        Assert.Equal(1, buckets.Acquire(anonymous, nodes: 1).Quota.TokenLimit);
        Assert.False(buckets.Acquire(anonymous, nodes: 1).Allowed);
        Assert.Equal(5, buckets.Acquire(Alice, nodes: 1).Quota.TokenLimit);
    }

    [Fact]
    public void With_several_live_nodes_a_local_bucket_holds_the_nodes_share()
    {
        using var buckets = new LocalBuckets(Options.Create(new RateLimitOptions { Users = AllClasses(Five) }));
        Assert.Equal(3, buckets.Acquire(Alice, nodes: 2).Quota.TokenLimit);
        Assert.True(buckets.Acquire(Alice, nodes: 2).Allowed);
        Assert.True(buckets.Acquire(Alice, nodes: 2).Allowed);
        Assert.False(buckets.Acquire(Alice, nodes: 2).Allowed);
    }

    private static ClassQuotas AllClasses(BucketQuota quota) => new() { Read = quota, Write = quota, Auth = quota, Bulk = quota };
}
