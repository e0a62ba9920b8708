using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Stadium.Gateway.Tests;

/// <summary>Power-of-two-choices least-requests balancing, and cookie affinity with its rotation.</summary>
public sealed class BalancingTests
{
    [Fact]
    public async Task Requests_go_to_the_node_with_fewer_in_flight()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a, b));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");

        // Held requests spread evenly: each goes to the node with fewer in flight.
        var held = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < 4; i++)
        {
            held.Add(gateway.Client.GetAsync("/v1/slow"));
            await TestGateway.EventuallyAsync(() => Task.FromResult(a.Waiting + b.Waiting == held.Count), "the request reached a node");
        }

        Assert.Equal(2, a.Waiting);
        Assert.Equal(2, b.Waiting);

        // node-2's finish: node-1 keeps 2 in flight, node-2 has none, and with two nodes P2C compares both every time.
        b.Release();
        await gateway.WaitForAsync(d => d.Single(n => n.Name == "node-2").InFlight == 0, "node-2 idle");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
        }

        a.Release();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.True(response.IsSuccessStatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public async Task An_affinity_sticks_then_expires_after_its_lifetime()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = TestGateway.Static(a, b);
        settings["Stadium:Gateway:Affinity:Lifetime"] = "00:01:00";
        await using var gateway = await TestGateway.StartAsync(settings, time);
        var cookies = new CookieContainer();
        using var sticky = gateway.NewClient(cookies);

        var first = await TestGateway.WhoAsync(sticky);
        var cookie = cookies.GetCookies(gateway.Address)["stadium-affinity"]!.Value;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(first, await TestGateway.WhoAsync(sticky));
        }

        Assert.Equal(cookie, cookies.GetCookies(gateway.Address)["stadium-affinity"]!.Value);

        // Past the lifetime on the gateway's clock the next answer makes a new affinity (by the balancer, which may pick
        // either node), and a client without a cookie is balanced over both nodes.
        time.Advance(TimeSpan.FromSeconds(61));
        using var answer = await sticky.GetAsync("/v1/who");
        Assert.Contains(answer.Headers.GetValues("Set-Cookie"), c => c.StartsWith("stadium-affinity=", StringComparison.Ordinal));
        Assert.NotEqual(cookie, cookies.GetCookies(gateway.Address)["stadium-affinity"]!.Value);
    }

    [Fact]
    public async Task A_public_answer_makes_no_affinity_so_a_shared_cache_can_keep_it()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        using var client = gateway.NewClient(null);

        using var shared = await client.GetAsync("/v1/public");
        Assert.Equal("node-1", await shared.Content.ReadAsStringAsync());
        Assert.True(shared.Headers.CacheControl?.Public);
        Assert.False(shared.Headers.Contains("Set-Cookie"));

        // Any other answer to the same client makes one.
        using var own = await client.GetAsync("/v1/who");
        Assert.Contains(own.Headers.GetValues("Set-Cookie"), c => c.StartsWith("stadium-affinity=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_Affinity_OnPublicAnswers_a_public_answer_makes_an_affinity_too()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        var settings = TestGateway.Static(a);
        settings["Stadium:Gateway:Affinity:OnPublicAnswers"] = "true";
        await using var gateway = await TestGateway.StartAsync(settings);
        using var client = gateway.NewClient(null);

        using var shared = await client.GetAsync("/v1/public");
        Assert.True(shared.Headers.CacheControl?.Public);
        Assert.Contains(shared.Headers.GetValues("Set-Cookie"), c => c.StartsWith("stadium-affinity=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_scale_out_sticky_clients_come_back_evenly_over_every_node_within_one_lifetime()
    {
        await using var a = await TestBackend.StartAsync("api-1");
        await using var b = await TestBackend.StartAsync("api-2");
        await using var c = await TestBackend.StartAsync("api-3");
        await using var d = await TestBackend.StartAsync("api-4");
        using var file = new ClusterFileWriter();
        file.Write((a, "active"), (b, "active"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = file.Settings();
        settings["Stadium:Gateway:Affinity:Lifetime"] = "00:01:00";
        await using var gateway = await TestGateway.StartAsync(settings, time);
        await gateway.WaitForAsync(n => n.Count(x => x.Healthy) == 2, "two healthy nodes");
        var clients = Enumerable.Range(0, 40).Select(_ => gateway.NewClient(new CookieContainer())).ToList();
        foreach (var client in clients)
        {
            Assert.Contains(await TestGateway.WhoAsync(client), new[] { "api-1", "api-2" });
        }

        file.Write((a, "active"), (b, "active"), (c, "active"), (d, "active"));
        await gateway.WaitForAsync(n => n.Count(x => x.Healthy) == 4, "four healthy nodes");

        // Every affinity ends within the lifetime (each between half of it and all of it); the clients then come back
        // to the node with the fewest sessions, so the four nodes hold ten each, and keep them.
        time.Advance(TimeSpan.FromSeconds(61));
        var placed = new List<string>();
        foreach (var client in clients)
        {
            placed.Add(await TestGateway.WhoAsync(client));
        }

        Assert.All(placed.CountBy(n => n), node => Assert.Equal(10, node.Value));
        for (var i = 0; i < clients.Count; i++)
        {
            Assert.Equal(placed[i], await TestGateway.WhoAsync(clients[i]));
            clients[i].Dispose();
        }
    }

    [Fact]
    public async Task An_affinity_moves_off_a_draining_node()
    {
        await using var a = await TestBackend.StartAsync("api-1");
        await using var b = await TestBackend.StartAsync("api-2");
        using var file = new ClusterFileWriter();
        file.Write((a, "active"), (b, "active"));
        await using var gateway = await TestGateway.StartAsync(file.Settings());
        var cookies = new CookieContainer();
        using var sticky = gateway.NewClient(cookies);
        var first = await TestGateway.WhoAsync(sticky);
        var (stay, other) = first == "api-1" ? (a, b) : (b, a);

        file.Write((stay, "draining"), (other, "active"));
        await gateway.WaitForAsync(d => d.Any(n => n.State == "draining"), "a node draining");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(other.Name, await TestGateway.WhoAsync(sticky));
        }

        // The new affinity holds after the node comes back.
        file.Write((stay, "active"), (other, "active"));
        await gateway.WaitForAsync(d => d.All(n => n.State == "active"), "both active");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(other.Name, await TestGateway.WhoAsync(sticky));
        }
    }

    [Fact]
    public async Task A_degraded_node_keeps_its_affinities_and_takes_no_new_clients()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a, b));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");
        CookieContainer cookies;
        string first;
        do
        {
            cookies = new CookieContainer();
            using var fresh = gateway.NewClient(cookies);
            first = await TestGateway.WhoAsync(fresh);
        }
        while (first != "node-1");

        using var onNode1 = gateway.NewClient(cookies);
        a.Readiness = TestBackend.Degraded;
        await gateway.WaitForAsync(d => d.Single(n => n.Name == "node-1").Degraded, "node-1 seen degraded");
        Assert.False((await gateway.DestinationsAsync()).Single(n => n.Name == "node-2").Degraded);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
            Assert.Equal("node-1", await TestGateway.WhoAsync(onNode1));
        }

        Assert.True((await gateway.DestinationsAsync()).All(n => n.Healthy));
    }
}
