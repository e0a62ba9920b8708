using System.Diagnostics;
using System.Text.Json.Nodes;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>Toxics as an HTTP client behind the proxy feels them: an answer delayed, a request that fails with a reset.</summary>
public sealed class HttpThroughProxyTests : ProxyTest
{
    [Fact]
    public async Task An_http_answer_through_a_latency_toxic_comes_at_least_that_much_later()
    {
        await using var upstream = await HttpUpstream.StartAsync();
        var listen = await Proxies.ProxyAsync("web", upstream.Address);
        await Proxies.Client.AddToxicAsync("web", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 300 }));
        using var http = new HttpClient { BaseAddress = new Uri($"http://{listen}/"), Timeout = TimeSpan.FromSeconds(20) };

        var clock = Stopwatch.StartNew();
        var answer = await http.GetStringAsync("");

        Assert.Equal("pong", answer);
        Assert.True(clock.Elapsed.TotalMilliseconds >= 299, $"answered in {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task An_http_request_through_reset_peer_fails_and_succeeds_again_once_it_is_removed()
    {
        await using var upstream = await HttpUpstream.StartAsync();
        var listen = await Proxies.ProxyAsync("web", upstream.Address);
        await Proxies.Client.AddToxicAsync("web", ToxicInfo.Of("reset_peer", "upstream", new JsonObject { ["timeout"] = 0 }));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = new Uri($"http://{listen}/"), Timeout = TimeSpan.FromSeconds(20) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(""));

        await Proxies.Client.RemoveToxicAsync("web", "reset_peer_upstream");
        Assert.Equal("pong", await http.GetStringAsync(""));
    }
}
