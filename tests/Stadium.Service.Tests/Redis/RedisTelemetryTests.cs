using Stadium.Testing;

namespace Stadium.Service.Tests.Redis;

/// <summary>With Redis configured, its commands are traced beneath the requests that make them.</summary>
public sealed class RedisTelemetryTests(LocalRedis redis) : IClassFixture<LocalRedis>
{
    [Fact]
    public async Task Redis_commands_are_traced_to_the_configured_otlp_endpoint()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var node = new ConfiguredNode(new Dictionary<string, string?>
        {
            ["Stadium:Redis:Configuration"] = redis.Configuration,
            ["Stadium:Telemetry:OtlpEndpoint"] = receiver.Address,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        await node.InitializeAsync();
        using var author = await node.NewUserAsync();
        using var reader = (await node.NewFollowersAsync(author, 1))[0];
        await PostsTests.CreatePost(author, "traced through redis");
        (await reader.Client.GetAsync("/v1/feed")).EnsureSuccessStatusCode();

        // The cache's L2 writes (HMSET) and backplane notices (PUBLISH), as Redis command spans and FusionCache's own.
        await receiver.WaitForAsync(TimeSpan.FromSeconds(20), "GET /v1/feed", "db.redis.database_index", "HMSET", "PUBLISH", "publish to backplane");
    }
}
