using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>Stadium's TTLs, on the proxy's own clock (a fake one here): a fault ends by itself when its time is up.</summary>
public sealed class ToxicTtlTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new();
    private readonly EchoServer _echo = new();
    private ProxyUnderTest _proxy = null!;

    public async Task InitializeAsync() => _proxy = await ProxyUnderTest.StartAsync(_clock);

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task A_toxic_with_a_ttl_is_removed_when_it_expires_and_not_before()
    {
        await _proxy.ProxyAsync("db", _echo.Address);
        var toxic = await _proxy.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(30)));
        await _proxy.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "upstream", new JsonObject { ["latency"] = 100 }));
        Assert.Equal(30, toxic.Ttl);

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["latency_downstream", "latency_upstream"], (await _proxy.Client.GetProxyAsync("db")).Toxics.Select(t => t.Name));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["latency_upstream"], (await _proxy.Client.GetProxyAsync("db")).Toxics.Select(t => t.Name));
    }

    [Fact]
    public async Task Updating_a_toxic_with_a_new_ttl_restarts_its_clock()
    {
        await _proxy.ProxyAsync("db", _echo.Address);
        await _proxy.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(10), name: "slow"));

        _clock.Advance(TimeSpan.FromSeconds(8));
        using var update = await _proxy.Http.PostAsync("proxies/db/toxics/slow", Json("""{"attributes":{"latency":300},"ttl":10}"""));
        update.EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(8));
        var toxic = Assert.Single((await _proxy.Client.GetProxyAsync("db")).Toxics);
        Assert.Equal(300, toxic.Attributes["latency"]!.GetValue<int>());

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty((await _proxy.Client.GetProxyAsync("db")).Toxics);
    }

    [Fact]
    public async Task Updating_a_toxic_without_a_ttl_keeps_the_end_it_had()
    {
        await _proxy.ProxyAsync("db", _echo.Address);
        await _proxy.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(10), name: "slow"));

        _clock.Advance(TimeSpan.FromSeconds(8));
        using var update = await _proxy.Http.PostAsync("proxies/db/toxics/slow", Json("""{"attributes":{"latency":300}}"""));
        update.EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Empty((await _proxy.Client.GetProxyAsync("db")).Toxics);
    }

    [Fact]
    public async Task A_proxy_disabled_with_a_ttl_enables_itself_when_it_expires()
    {
        var listen = await _proxy.ProxyAsync("redis", _echo.Address);

        var disabled = await _proxy.Client.SetEnabledAsync("redis", false, TimeSpan.FromSeconds(20));
        Assert.False(disabled.Enabled);
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => TestPeer.ConnectAsync(listen));

        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False((await _proxy.Client.GetProxyAsync("redis")).Enabled);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await _proxy.Client.GetProxyAsync("redis")).Enabled);
        using var peer = await TestPeer.ConnectAsync(listen);
        await peer.RoundTripAsync();
    }

    [Fact]
    public async Task Enabling_by_hand_before_the_ttl_cancels_it()
    {
        await _proxy.ProxyAsync("redis", _echo.Address);
        await _proxy.Client.SetEnabledAsync("redis", false, TimeSpan.FromSeconds(20));
        await _proxy.Client.SetEnabledAsync("redis", true);
        await _proxy.Client.SetEnabledAsync("redis", false);

        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False((await _proxy.Client.GetProxyAsync("redis")).Enabled);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
