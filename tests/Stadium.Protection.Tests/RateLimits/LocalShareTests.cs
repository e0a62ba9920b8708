using Stadium.Protection.RateLimits;

namespace Stadium.Protection.Tests.RateLimits;

public sealed class LocalShareTests
{
    [Fact]
    public void A_node_alone_keeps_the_whole_limit()
    {
        var quota = BucketQuota.PerSecond(100, 50);
        Assert.Same(quota, LocalShare.Of(quota, 1));
    }

    [Theory]
    [InlineData(100, 50, 2, 50, 25)]
    [InlineData(100, 50, 3, 34, 17)]
    [InlineData(10, 1, 4, 3, 1)]
    [InlineData(2, 2, 8, 1, 1)]
    public void Each_node_gets_the_limit_divided_by_the_live_nodes_rounded_up_and_never_nothing(int burst, int rate, int nodes, int shareBurst, int shareRate)
    {
        var share = LocalShare.Of(new BucketQuota { TokenLimit = burst, TokensPerPeriod = rate, Period = TimeSpan.FromSeconds(10) }, nodes);
        Assert.Equal(shareBurst, share.TokenLimit);
        Assert.Equal(shareRate, share.TokensPerPeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), share.Period);
        // Together the nodes allow the limit, give or take one token each: never fail closed, never unlimited.
        Assert.InRange(share.TokenLimit * nodes, burst, burst + nodes);
    }
}
