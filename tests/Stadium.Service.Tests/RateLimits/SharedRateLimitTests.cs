using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Protection.RateLimits;
using Stadium.Service.Tests.Redis;
using Stadium.Testing;

namespace Stadium.Service.Tests.RateLimits;

/// <summary>
/// Two nodes share a limit through a real redis-server; when it stops, each node falls back to its local share (half)
/// without refusing anything it should serve, and shares again once Redis answers a heartbeat.
/// </summary>
public sealed class SharedRateLimitTests : IClassFixture<LocalRedis>
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMinutes(1);
    private readonly LocalRedis _redis;

    public SharedRateLimitTests(LocalRedis redis) => _redis = redis;

    [Fact]
    public async Task Two_nodes_share_a_limit_through_redis_and_each_keeps_half_of_it_while_redis_is_down()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Stadium:Redis:Configuration"] = _redis.Configuration,
            // Ten anonymous reads an hour: nothing refills while the test runs.
            ["Stadium:Protection:RateLimits:Addresses:Read:TokenLimit"] = "10",
            ["Stadium:Protection:RateLimits:Addresses:Read:TokensPerPeriod"] = "10",
            ["Stadium:Protection:RateLimits:Addresses:Read:Period"] = "01:00:00",
            // Heartbeats follow each node's test clock; a loaded test machine gets a generous Redis timeout.
            ["Stadium:Protection:RateLimits:HeartbeatInterval"] = "00:01:00",
            ["Stadium:Protection:RateLimits:RedisTimeout"] = "00:00:03",
        };
        await using var first = new ConfiguredNode(settings);
        await first.InitializeAsync();
        await using var second = new ConfiguredNode(settings);
        await second.InitializeAsync();
        using var a = first.CreateClient();
        using var b = second.CreateClient();
        await UntilAsync(() => Sharing(first).Nodes == 2 && Sharing(second).Nodes == 2, first, second);

        // Shared: six reads on one node and four on the other use up the one bucket of ten.
        for (var i = 0; i < 10; i++)
        {
            var answer = await (i % 5 < 3 ? a : b).GetAsync("/v1/users/nobody");
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Equal("\"read-address\";q=10;w=3600", RateLimitTests.Field(answer, "RateLimit-Policy"));
        }

        await ApiAssert.Problem(await b.GetAsync("/v1/users/nobody"), HttpStatusCode.TooManyRequests);
        await ApiAssert.Problem(await a.GetAsync("/v1/users/nobody"), HttpStatusCode.TooManyRequests);

        await _redis.StopAsync();
        // Local: each node allows its share, five, and refuses the sixth; nothing fails closed or errors.
        foreach (var client in new[] { a, b })
        {
            for (var i = 0; i < 5; i++)
            {
                var answer = await client.GetAsync("/v1/users/nobody");
                Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
                Assert.Equal("\"read-address\";q=5;w=3600", RateLimitTests.Field(answer, "RateLimit-Policy"));
            }

            var refused = await client.GetAsync("/v1/users/nobody");
            await ApiAssert.Problem(refused, HttpStatusCode.TooManyRequests);
            Assert.Equal("\"read-address\";q=5;w=3600", RateLimitTests.Field(refused, "RateLimit-Policy"));
        }

        Assert.False(Sharing(first).Shared);
        Assert.False(Sharing(second).Shared);

        // Back: the next answered heartbeat shares the limits again (a fresh Redis holds a full bucket).
        await _redis.StartAgainAsync();
        await UntilAsync(() => Sharing(first).Shared && Sharing(second).Shared, first, second);
        var shared = await a.GetAsync("/v1/users/nobody");
        Assert.Equal(HttpStatusCode.NotFound, shared.StatusCode);
        Assert.Equal("\"read-address\";q=10;w=3600", RateLimitTests.Field(shared, "RateLimit-Policy"));
    }

    /// <summary>
    /// The node's own sharing state. Not read from /metrics: nodes in one test process share meter names, so a node's
    /// scrape can show another node's gauges.
    /// </summary>
    private static LimitSharing Sharing(StadiumNode node) => node.App.Services.GetRequiredService<LimitSharing>();

    /// <summary>Moves both nodes' clocks a heartbeat on until <paramref name="condition"/> holds (at most 30 tries, 0.3 s apart).</summary>
    private static async Task UntilAsync(Func<bool> condition, params StadiumNode[] nodes)
    {
        for (var i = 0; i < 30; i++)
        {
            if (condition())
            {
                return;
            }

            foreach (var node in nodes)
            {
                node.Time.Advance(Heartbeat);
            }

            await Task.Delay(300);
        }

        Assert.Fail("the nodes did not reach the expected rate-limit state within 30 heartbeats");
    }
}
