using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stadium.Infra;
using Stadium.Service.Platform.Redis;
using Stadium.Testing;

namespace Stadium.Service.Tests.Redis;

/// <summary>
/// Redis going away must not fail requests: reads fall back to L1 and the store, responses carry
/// <c>Stadium-Degraded: cache</c>, and the node recovers by itself when Redis is back. Each test has
/// its own redis-server (and SQLite store), since stopping a shared one would disturb other tests.
/// </summary>
public sealed class RedisOutageTests : IClassFixture<LocalRedis>
{
    private readonly LocalRedis _redis;

    public RedisOutageTests(LocalRedis redis) => _redis = redis;

    [Fact]
    public async Task Requests_succeed_marked_degraded_while_redis_is_down_and_the_mark_goes_when_it_returns()
    {
        await using var node = new ConfiguredNode(new Dictionary<string, string?> { ["Stadium:Redis:Configuration"] = _redis.Configuration });
        await node.InitializeAsync();
        using var author = await node.NewUserAsync();
        using var reader = await node.NewUserAsync();
        (await reader.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        var before = await PostAsync(author, "before the outage");

        // The node starts without waiting for Redis (it must be able to); wait until it is connected.
        var healthy = await reader.Client.GetAsync("/v1/feed");
        for (var i = 0; i < 100 && healthy.Headers.Contains(CacheDegradation.Header); i++)
        {
            node.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
            healthy = await reader.Client.GetAsync("/v1/feed");
        }

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.False(healthy.Headers.Contains(CacheDegradation.Header));

        await _redis.StopAsync();

        // Reads and writes keep working, from L1 and the store, and say they are degraded.
        var during = await PostAsync(author, "during the outage");
        var feed = await reader.Client.GetAsync("/v1/feed");
        AssertDegraded(feed);
        Assert.Equal([during, before], await IdsAsync(feed));
        AssertDegraded(await reader.Client.GetAsync($"/v1/users/{author.Username}"));
        AssertDegraded(await reader.Client.GetAsync($"/v1/posts/{before}"));
        var ready = await reader.Client.GetAsync("/health/ready");
        AssertDegraded(ready);
        Assert.Contains("Degraded", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await _redis.StartAgainAsync();

        // No restart: the connection comes back, breakers close, the recheck window (node clock) runs out.
        HttpResponseMessage? recovered = null;
        for (var i = 0; i < 100 && recovered is null; i++)
        {
            node.Time.Advance(TimeSpan.FromSeconds(1));
            var response = await reader.Client.GetAsync("/v1/feed");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (!response.Headers.Contains(CacheDegradation.Header))
            {
                recovered = response;
            }
            else
            {
                await Task.Delay(100);
            }
        }

        Assert.True(recovered is not null, "the node still marked responses degraded 10 s after Redis came back");
        var after = await PostAsync(author, "after the outage");
        var final = await reader.Client.GetAsync("/v1/feed");
        Assert.False(final.Headers.Contains(CacheDegradation.Header));
        Assert.Equal([after, during, before], await IdsAsync(final));
    }

    [Fact]
    public async Task A_node_started_without_reachable_redis_serves_degraded()
    {
        var closedPort = FreePort.Pick();
        await using var node = new ConfiguredNode(new Dictionary<string, string?> { ["Stadium:Redis:Configuration"] = $"127.0.0.1:{closedPort}" });
        await node.InitializeAsync();
        using var user = await node.NewUserAsync();
        var id = await PostAsync(user, "no redis at all");
        var feed = await user.Client.GetAsync("/v1/feed");
        AssertDegraded(feed);
        Assert.Equal([id], await IdsAsync(feed));
        AssertDegraded(await user.Client.GetAsync("/health/ready"));
    }

    private static void AssertDegraded(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TryGetValues(CacheDegradation.Header, out var values), $"no {CacheDegradation.Header} header on {response.RequestMessage?.RequestUri}");
        Assert.Equal(["cache"], values);
    }

    private static async Task<long> PostAsync(TestUser user, string text)
    {
        var response = await user.Client.PostAsJsonAsync("/v1/posts", new { text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    private static async Task<long[]> IdsAsync(HttpResponseMessage feed) =>
        [.. (await feed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64())];
}
