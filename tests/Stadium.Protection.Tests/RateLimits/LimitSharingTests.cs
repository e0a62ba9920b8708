using Microsoft.Extensions.Logging.Abstractions;
using Stadium.Protection.RateLimits;

namespace Stadium.Protection.Tests.RateLimits;

public sealed class LimitSharingTests
{
    [Fact]
    public void Limits_go_local_on_a_redis_failure_and_shared_again_only_when_a_heartbeat_is_answered()
    {
        var sharing = new LimitSharing(redisConfigured: true, NullLogger<LimitSharing>.Instance);
        Assert.True(sharing.Shared);
        Assert.Equal(1, sharing.Nodes);
        sharing.Answered(3);
        Assert.Equal(3, sharing.Nodes);

        sharing.Failed(new TimeoutException("no answer"));
        sharing.Failed(new TimeoutException("still none"));
        Assert.False(sharing.Shared);
        Assert.Equal(1, sharing.Fallbacks);
        // The last count seen is kept through the outage: the local share stays a third.
        Assert.Equal(3, sharing.Nodes);

        sharing.Answered(2);
        Assert.True(sharing.Shared);
        Assert.Equal(2, sharing.Nodes);
    }

    [Fact]
    public void Without_redis_limits_are_local_to_the_whole_limit()
    {
        var sharing = new LimitSharing(redisConfigured: false, NullLogger<LimitSharing>.Instance);
        sharing.Answered(1);
        Assert.False(sharing.Shared);
        Assert.Equal(1, sharing.Nodes);
    }
}
