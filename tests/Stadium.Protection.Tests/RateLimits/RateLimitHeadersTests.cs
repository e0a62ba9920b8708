using Stadium.Protection.RateLimits;

namespace Stadium.Protection.Tests.RateLimits;

public sealed class RateLimitHeadersTests
{
    private static readonly BucketQuota Read = BucketQuota.PerSecond(2000, 1000);

    [Fact]
    public void The_policy_is_the_bucket_and_the_seconds_it_takes_to_refill_from_empty()
    {
        Assert.Equal("\"read\";q=2000;w=2", RateLimitHeaders.PolicyValue("read", Read));
        var slow = new BucketQuota { TokenLimit = 30, TokensPerPeriod = 10, Period = TimeSpan.FromMinutes(1) };
        Assert.Equal("\"bulk\";q=30;w=180", RateLimitHeaders.PolicyValue("bulk", slow));
    }

    [Fact]
    public void An_allowed_answer_says_what_is_left_and_when_the_bucket_is_full_again()
    {
        Assert.Equal("\"read\";r=1999;t=1", RateLimitHeaders.CurrentValue("read", new LimitDecision(true, Read, 1999, TimeSpan.Zero)));
        Assert.Equal("\"read\";r=2000;t=0", RateLimitHeaders.CurrentValue("read", new LimitDecision(true, Read, 2000, TimeSpan.Zero)));
        var slow = new BucketQuota { TokenLimit = 30, TokensPerPeriod = 10, Period = TimeSpan.FromMinutes(1) };
        Assert.Equal("\"bulk\";r=5;t=180", RateLimitHeaders.CurrentValue("bulk", new LimitDecision(true, slow, 5, TimeSpan.Zero)));
    }

    [Fact]
    public void A_refusal_says_nothing_is_left_and_the_whole_seconds_until_the_next_token()
    {
        Assert.Equal("\"write\";r=0;t=4", RateLimitHeaders.CurrentValue("write", new LimitDecision(false, Read, 0, TimeSpan.FromSeconds(3.2))));
        Assert.Equal("\"write\";r=0;t=1", RateLimitHeaders.CurrentValue("write", new LimitDecision(false, Read, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Anonymous_buckets_are_named_after_their_class_and_address()
    {
        Assert.Equal("read", RateLimitHeaders.PolicyName(new LimitKey(EndpointClass.Read, LimitScope.User, "42")));
        Assert.Equal("auth-address", RateLimitHeaders.PolicyName(new LimitKey(EndpointClass.Auth, LimitScope.Address, "127.0.0.1")));
    }
}
