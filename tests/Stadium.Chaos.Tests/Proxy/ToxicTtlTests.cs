using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>Stadium's TTLs, on the proxy's own clock (a fake one here): a fault ends by itself when its time is up.</summary>
public sealed class ToxicTtlTests : ProxyTest
{
    private readonly FakeTimeProvider _clock;

    public ToxicTtlTests()
        : this(new FakeTimeProvider())
    {
    }

    private ToxicTtlTests(FakeTimeProvider clock)
        : base(clock)
    {
        _clock = clock;
    }

    [Fact]
    public async Task A_toxic_with_a_ttl_is_removed_when_it_expires_and_not_before()
    {
        await Proxies.ProxyAsync("db", Echo.Address);
        var toxic = await Proxies.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(30)));
        await Proxies.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "upstream", new JsonObject { ["latency"] = 100 }));
        Assert.Equal(30, toxic.Ttl);

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["latency_downstream", "latency_upstream"], (await Proxies.Client.GetProxyAsync("db")).Toxics.Select(t => t.Name));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["latency_upstream"], (await Proxies.Client.GetProxyAsync("db")).Toxics.Select(t => t.Name));
    }

    [Fact]
    public async Task Updating_a_toxic_with_a_new_ttl_restarts_its_clock()
    {
        await Proxies.ProxyAsync("db", Echo.Address);
        await Proxies.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(10), name: "slow"));

        _clock.Advance(TimeSpan.FromSeconds(8));
        using var update = await Proxies.Http.PostAsync("proxies/db/toxics/slow", Json("""{"attributes":{"latency":300},"ttl":10}"""));
        update.EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(8));
        var toxic = Assert.Single((await Proxies.Client.GetProxyAsync("db")).Toxics);
        Assert.Equal(300, toxic.Attributes["latency"]!.GetValue<int>());

        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Empty((await Proxies.Client.GetProxyAsync("db")).Toxics);
    }

    [Fact]
    public async Task Updating_a_toxic_without_a_ttl_keeps_the_end_it_had()
    {
        await Proxies.ProxyAsync("db", Echo.Address);
        await Proxies.Client.AddToxicAsync("db", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 200 }, TimeSpan.FromSeconds(10), name: "slow"));

        _clock.Advance(TimeSpan.FromSeconds(8));
        using var update = await Proxies.Http.PostAsync("proxies/db/toxics/slow", Json("""{"attributes":{"latency":300}}"""));
        update.EnsureSuccessStatusCode();
        _clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Empty((await Proxies.Client.GetProxyAsync("db")).Toxics);
    }

    [Fact]
    public async Task A_proxy_disabled_with_a_ttl_enables_itself_when_it_expires()
    {
        var listen = await Proxies.ProxyAsync("redis", Echo.Address);

        var disabled = await Proxies.Client.SetEnabledAsync("redis", false, TimeSpan.FromSeconds(20));
        Assert.False(disabled.Enabled);
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => TestPeer.ConnectAsync(listen));

        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False((await Proxies.Client.GetProxyAsync("redis")).Enabled);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await Proxies.Client.GetProxyAsync("redis")).Enabled);
        using var peer = await TestPeer.ConnectAsync(listen);
        await peer.RoundTripAsync();
    }

    [Fact]
    public async Task Enabling_by_hand_before_the_ttl_cancels_it()
    {
        await Proxies.ProxyAsync("redis", Echo.Address);
        await Proxies.Client.SetEnabledAsync("redis", false, TimeSpan.FromSeconds(20));
        await Proxies.Client.SetEnabledAsync("redis", true);
        await Proxies.Client.SetEnabledAsync("redis", false);

        _clock.Advance(TimeSpan.FromSeconds(30));

        Assert.False((await Proxies.Client.GetProxyAsync("redis")).Enabled);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
