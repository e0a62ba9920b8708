using System.Globalization;
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
    public async Task Requests_appear_on_metrics_by_route_node_and_code()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "healthy");
        await TestGateway.WhoAsync(gateway.Client, "/v1/users/alice");
        await TestGateway.WhoAsync(gateway.Client, "/v1/nothing/here/at/all");

        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Sum("stadium_gateway_requests_total",
            s => s.Label("route") == "/v1/users/{username}" && s.Label("node") == "node-1" && s.Label("code") == "200"));
        Assert.Equal(1, scrape.Sum("stadium_gateway_requests_total", s => s.Label("route") == "/v1/nothing"));
        Assert.Equal(1, scrape.Histogram("stadium_gateway_request_duration_seconds", s => s.Label("route") == "/v1/users/{username}").Count);
        Assert.Equal(0, scrape.Value("stadium_gateway_in_flight", s => s.Label("node") == "node-1"));
        Assert.Equal(1, scrape.Value("stadium_gateway_destinations", s => s.Label("state") == "healthy"));
        Assert.Equal(0, scrape.Value("stadium_gateway_destinations", s => s.Label("state") == "draining"));
        var destinations = await gateway.DestinationsAsync();
        Assert.Equal(2, destinations.Single().Requests);
    }
}
