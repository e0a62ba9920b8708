using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Stadium.Protection.RateLimits;
using Stadium.Testing;

namespace Stadium.Protection.Tests.RateLimits;

/// <summary>The node count and the recheck, against a real redis-server that the test stops and starts again.</summary>
public sealed class NodeHeartbeatTests : IClassFixture<LocalRedis>
{
    private readonly LocalRedis _redis;

    public NodeHeartbeatTests(LocalRedis redis) => _redis = redis;

    [Fact]
    public async Task Nodes_count_each_other_through_redis_keep_the_count_through_an_outage_and_share_again_when_it_answers()
    {
        var config = ConfigurationOptions.Parse(_redis.Configuration);
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(config);
        var options = Options.Create(new RateLimitOptions { HeartbeatInterval = TimeSpan.FromMinutes(1), RedisTimeout = TimeSpan.FromSeconds(2) });
        using var services = new ServiceCollection().AddSingleton<IConnectionMultiplexer>(redis).BuildServiceProvider();
        var time = new FakeTimeProvider();
        var first = new LimitSharing(redisConfigured: true, NullLogger<LimitSharing>.Instance);
        var second = new LimitSharing(redisConfigured: true, NullLogger<LimitSharing>.Instance);
        using var firstNode = new NodeHeartbeat(services, first, options, time);
        using var secondNode = new NodeHeartbeat(services, second, options, time);

        // The first node beats when it starts, alone; its next beat (one interval later, on its clock) sees the second.
        await firstNode.StartAsync(CancellationToken.None);
        var members = new RedisKey(options.Value.RedisPrefix + ":nodes");
        await WaitForAsync(async () => await redis.GetDatabase().SortedSetLengthAsync(members) == 1);
        Assert.Equal(1, first.Nodes);
        await secondNode.BeatAsync(redis, CancellationToken.None);
        Assert.Equal(2, second.Nodes);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitForAsync(() => first.Nodes == 2);

        await _redis.StopAsync();
        await secondNode.BeatAsync(redis, CancellationToken.None);
        Assert.False(second.Shared);
        Assert.Equal(2, second.Nodes);

        await _redis.StartAgainAsync();
        // A fresh Redis is empty: the node that beats first counts itself alone, as it would after a real restart.
        await WaitForAsync(async () =>
        {
            await secondNode.BeatAsync(redis, CancellationToken.None);
            return second.Shared;
        });
        Assert.Equal(1, second.Nodes);

        await firstNode.StopAsync(CancellationToken.None);
    }

    private static Task WaitForAsync(Func<bool> condition) => WaitForAsync(() => Task.FromResult(condition()));

    /// <summary>Polls for up to 20 s: the heartbeat runs on the thread pool, and a reconnect takes a moment.</summary>
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the condition did not hold within 20 s");
    }
}
