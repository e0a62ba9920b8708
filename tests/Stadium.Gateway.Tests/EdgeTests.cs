using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stadium.Protection.Shedding;
using Stadium.Protection.Slo;

namespace Stadium.Gateway.Tests;

/// <summary>What the gateway adds at the edge: the deadline header, the edge rate limit and its metrics.</summary>
public sealed class EdgeTests
{
    [Fact]
    public async Task The_node_receives_what_remains_of_the_routes_deadline()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        var feed = SloFileParser.BuiltIn.Find("GET", "/v1/feed")!;

        await TestGateway.WhoAsync(gateway.Client, "/v1/feed");
        Assert.True(a.DeadlineHeaders.TryDequeue(out var header));
        var milliseconds = long.Parse(header!, CultureInfo.InvariantCulture);
        Assert.InRange(milliseconds, 1, (long)feed.Deadline.TotalMilliseconds);

        // A client's own shorter budget is kept.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/feed");
        request.Headers.Add("Stadium-Deadline-Ms", "5");
        using var response = await gateway.Client.SendAsync(request);
        Assert.True(a.DeadlineHeaders.TryDequeue(out var kept));
        Assert.Equal("5", kept);
    }

    [Fact]
    public async Task The_node_learns_the_clients_address_from_the_gateway_and_a_client_cannot_forge_it()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));

        // The header is the address the gateway's connection came from; one the client sent is replaced, not kept
        // (a node trusting the gateway would otherwise believe the forgery).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/users/user1");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        using var response = await gateway.Client.SendAsync(request);
        Assert.True(a.ForwardedFor.TryDequeue(out var forwarded));
        Assert.Equal("127.0.0.1", forwarded);
    }

    [Fact]
    public async Task The_edge_latency_ceiling_is_three_tenths_of_the_tightest_objective_unless_set()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using (var gateway = await TestGateway.StartAsync(TestGateway.Static(a)))
        {
            var shedding = gateway.Services.GetRequiredService<IOptions<SheddingOptions>>().Value;
            Assert.Equal(TimeSpan.FromMilliseconds(15), shedding.LatencyCeiling);
        }

        var settings = TestGateway.Static(a);
        settings["Stadium:Gateway:Shedding:LatencyCeiling"] = "00:00:00.040";
        await using var configured = await TestGateway.StartAsync(settings);
        Assert.Equal(TimeSpan.FromMilliseconds(40), configured.Services.GetRequiredService<IOptions<SheddingOptions>>().Value.LatencyCeiling);
    }

    [Fact]
    public async Task The_edge_rate_limit_answers_429_problem_with_retry_after()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        var settings = TestGateway.Static(a);
        settings["Stadium:Gateway:RateLimits:Addresses:Read:TokenLimit"] = "2";
        settings["Stadium:Gateway:RateLimits:Addresses:Read:TokensPerPeriod"] = "1";
        settings["Stadium:Gateway:RateLimits:Addresses:Read:Period"] = "00:01:00";
        await using var gateway = await TestGateway.StartAsync(settings);

        await TestGateway.WhoAsync(gateway.Client);
        await TestGateway.WhoAsync(gateway.Client);
        using var refused = await gateway.Client.GetAsync("/v1/who");
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(2, a.Served);
    }

    [Fact]
    public async Task Sign_ins_take_from_the_auth_bucket_at_the_edge_not_the_write_bucket()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        var settings = TestGateway.Static(a);
        settings["Stadium:Gateway:RateLimits:Addresses:Auth:TokenLimit"] = "1";
        settings["Stadium:Gateway:RateLimits:Addresses:Auth:TokensPerPeriod"] = "1";
        settings["Stadium:Gateway:RateLimits:Addresses:Auth:Period"] = "00:01:00";
        await using var gateway = await TestGateway.StartAsync(settings);

        Assert.Equal(200, (int)(await gateway.Client.PostAsync("/v1/auth/login", null)).StatusCode);
        using var refused = await gateway.Client.PostAsync("/v1/auth/login", null);
        Assert.Equal(429, (int)refused.StatusCode);
        Assert.Contains("\"auth", Assert.Single(refused.Headers.GetValues("RateLimit-Policy")), StringComparison.Ordinal);
        // Writes have their own bucket: the exhausted sign-in bucket does not touch them.
        Assert.Equal(200, (int)(await gateway.Client.PostAsync("/v1/posts", null)).StatusCode);
        Assert.Equal(2, a.Served);
    }

    [Fact]
    public async Task Past_the_edge_concurrency_limit_the_gateway_sheds_before_any_node_sees_the_request()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        var settings = TestGateway.Static(a);
        settings["Stadium:Gateway:Shedding:InitialLimit"] = "2";
        settings["Stadium:Gateway:Shedding:MinLimit"] = "2";
        settings["Stadium:Gateway:Shedding:MaxLimit"] = "2";
        settings["Stadium:Gateway:Shedding:QueueSize"] = "0";
        await using var gateway = await TestGateway.StartAsync(settings);
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "healthy");

        var held = new[] { gateway.Client.GetAsync("/v1/slow"), gateway.Client.GetAsync("/v1/slow") };
        await TestGateway.EventuallyAsync(() => Task.FromResult(a.Waiting == 2), "two requests held on the node");
        using var shed = await gateway.Client.GetAsync("/v1/users/user1");
        Assert.Equal(503, (int)shed.StatusCode);
        Assert.Equal("application/problem+json", shed.Content.Headers.ContentType?.MediaType);
        Assert.True(shed.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(0, a.Served);
        // The gateway's own views are never shed: an operator needs them most under overload.
        Assert.Equal(200, (int)(await gateway.Client.GetAsync("/gateway/destinations")).StatusCode);
        Assert.Equal(200, (int)(await gateway.Client.GetAsync("/health/ready")).StatusCode);

        a.Release();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(200, (int)response.StatusCode);
            response.Dispose();
        }

        Assert.Equal(200, (int)(await gateway.Client.GetAsync("/v1/users/user1")).StatusCode);
    }
}
