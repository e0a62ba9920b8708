using System.Diagnostics;
using System.Text.Json.Nodes;
using Stadium.Chaos.Proxy;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>
/// Each toxic's effect measured on real sockets on 127.0.0.1: a client, the proxy, an echo server. Time bounds hold on a
/// loaded two-core machine: a delay is never shorter than asked, and "much longer" is left to the benchmarks.
/// </summary>
public sealed class ToxicEffectTests : ProxyTest
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("downstream")]
    [InlineData("upstream")]
    public async Task Latency_delays_each_round_trip_by_at_least_its_latency_and_not_by_much_more(string stream)
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("latency", stream, new JsonObject { ["latency"] = 300 }));
        using var peer = await TestPeer.ConnectAsync(listen);

        var elapsed = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            elapsed.Add((await peer.RoundTripAsync()).TotalMilliseconds);
        }

        // Never shorter than asked, every time; "not by much more" on the fastest, since one round trip on a loaded CI
        // machine once took 1,055 ms (a stall hits one, while a toxic that over-delays delays all three).
        Assert.All(elapsed, ms => Assert.True(ms >= 299, $"{ms} ms"));
        Assert.InRange(elapsed.Min(), 299, 300 + 500);
    }

    [Fact]
    public async Task A_toxic_added_to_a_live_connection_applies_to_it_and_removing_it_restores_the_link()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        using var peer = await TestPeer.ConnectAsync(listen);
        await peer.RoundTripAsync();

        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("latency", "downstream", new JsonObject { ["latency"] = 1000 }, name: "slow"));
        Assert.True((await peer.RoundTripAsync()).TotalMilliseconds >= 999);

        await Proxies.Client.RemoveToxicAsync("echo", "slow");
        // The fastest of three: a toxic still in place delays every one by 1 s, while a stalled machine (CI once took
        // 1,055 ms for one round trip) delays one.
        var after = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            after.Add((await peer.RoundTripAsync()).TotalMilliseconds);
        }

        Assert.True(after.Min() < 999, string.Join(", ", after));
    }

    [Fact]
    public async Task Bandwidth_keeps_the_rate_at_or_under_its_limit()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("bandwidth", "downstream", new JsonObject { ["rate"] = 100 }));
        using var peer = await TestPeer.ConnectAsync(listen);
        var data = new byte[150_000];
        Random.Shared.NextBytes(data);

        var clock = Stopwatch.StartNew();
        await peer.SendAsync(data);
        var received = await peer.ReceiveAsync(data.Length, Patience);
        var elapsed = clock.Elapsed;

        Assert.Equal(data, received);
        var bytesPerSecond = data.Length / elapsed.TotalSeconds;
        Assert.True(bytesPerSecond <= 100_000 * 1.1, $"{bytesPerSecond:0} B/s through a 100 KB/s toxic");
    }

    [Fact]
    public async Task Limit_data_closes_the_connection_after_that_many_bytes()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("limit_data", "downstream", new JsonObject { ["bytes"] = 1000 }));
        using var peer = await TestPeer.ConnectAsync(listen);

        await peer.SendAsync(new byte[5000]);

        var received = await peer.ReceiveAsync(5000, Patience);
        Assert.Equal(1000, received.Length);
        Assert.Contains(await peer.EndingAsync(Patience), new[] { "eof", "reset" });
    }

    [Fact]
    public async Task Reset_peer_resets_the_connection_after_its_timeout()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("reset_peer", "upstream", new JsonObject { ["timeout"] = 100 }));
        using var peer = await TestPeer.ConnectAsync(listen);

        await peer.SendAsync("hello");

        Assert.Equal("reset", await peer.EndingAsync(Patience));
    }

    [Fact]
    public async Task Timeout_stops_the_data_and_closes_the_connection_after_its_timeout()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("timeout", "upstream", new JsonObject { ["timeout"] = 500 }));
        using var peer = await TestPeer.ConnectAsync(listen);
        var clock = Stopwatch.StartNew();

        await peer.SendAsync("lost");

        Assert.Equal("eof", await peer.EndingAsync(Patience));
        Assert.True(clock.Elapsed.TotalMilliseconds >= 450, $"closed after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Timeout_zero_holds_the_connection_silent_until_the_toxic_is_removed()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        using var peer = await TestPeer.ConnectAsync(listen);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("timeout", "upstream", new JsonObject { ["timeout"] = 0 }));

        await peer.SendAsync("lost");
        Assert.Equal("open", await peer.EndingAsync(TimeSpan.FromMilliseconds(500)));

        await Proxies.Client.RemoveToxicAsync("echo", "timeout_upstream");
        await peer.RoundTripAsync("back");
    }

    [Fact]
    public async Task Slicer_delivers_a_write_in_pieces_of_about_its_size()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("slicer", "downstream", new JsonObject { ["average_size"] = 10, ["size_variation"] = 0, ["delay"] = 20_000 }));
        using var peer = await TestPeer.ConnectAsync(listen);
        var clock = Stopwatch.StartNew();

        await peer.SendAsync(new string('x', 100));
        var sizes = await peer.ReadSizesAsync(100, Patience);

        Assert.Equal(100, sizes.Sum());
        Assert.True(sizes.Count >= 3, $"read in {sizes.Count} pieces: {string.Join(", ", sizes)}");
        Assert.True(clock.Elapsed.TotalMilliseconds >= 9 * 20, $"100 bytes in 10 pieces 20 ms apart took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Slow_close_holds_the_end_of_the_stream_for_its_delay()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("slow_close", "downstream", new JsonObject { ["delay"] = 500 }));
        using var peer = await TestPeer.ConnectAsync(listen);
        await peer.RoundTripAsync();

        var clock = Stopwatch.StartNew();
        peer.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Equal("eof", await peer.EndingAsync(Patience));
        Assert.True(clock.Elapsed.TotalMilliseconds >= 499, $"the end came after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Toxicity_zero_never_applies_and_one_always_does()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        // "never" would add 10 s: far above any stall of a loaded machine, and still inside a round trip's 20 s patience.
        await Proxies.Client.AddToxicAsync("echo", new ToxicInfo("never", "latency", "downstream", 0, new JsonObject { ["latency"] = 10_000 }));
        await Proxies.Client.AddToxicAsync("echo", new ToxicInfo("always", "latency", "upstream", 1, new JsonObject { ["latency"] = 200 }));

        for (var i = 0; i < 5; i++)
        {
            using var peer = await TestPeer.ConnectAsync(listen);
            Assert.InRange((await peer.RoundTripAsync()).TotalMilliseconds, 199, 9_999);
        }
    }

    [Fact]
    public async Task Loss_stalls_each_lost_segment_by_default_and_drop_discards_it()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        var stall = await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("loss", "downstream", new JsonObject { ["probability"] = 1, ["stall_ms"] = 300 }));
        Assert.Equal("stall", stall.Attributes["mode"]!.GetValue<string>());
        using var peer = await TestPeer.ConnectAsync(listen);
        Assert.True((await peer.RoundTripAsync()).TotalMilliseconds >= 299);

        await Proxies.Client.RemoveToxicAsync("echo", "loss_downstream");
        await Proxies.Client.AddToxicAsync("echo", ToxicInfo.Of("loss", "downstream", new JsonObject { ["probability"] = 1, ["mode"] = "drop" }));
        await peer.SendAsync("gone");
        Assert.Equal("open", await peer.EndingAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Disabling_closes_the_connections_and_refuses_new_ones_until_enabled()
    {
        var listen = await Proxies.ProxyAsync("echo", Echo.Address);
        using var open = await TestPeer.ConnectAsync(listen);
        await open.RoundTripAsync();

        await Proxies.Client.SetEnabledAsync("echo", false);

        Assert.Contains(await open.EndingAsync(Patience), new[] { "eof", "reset" });
        await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => TestPeer.ConnectAsync(listen));

        await Proxies.Client.SetEnabledAsync("echo", true);
        using var again = await TestPeer.ConnectAsync(listen);
        await again.RoundTripAsync();
    }
}
