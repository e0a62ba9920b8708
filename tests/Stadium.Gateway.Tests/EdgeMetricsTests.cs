namespace Stadium.Gateway.Tests;

/// <summary>
/// The gateway's own series on /metrics, counted exactly: never beside other test classes, since OpenTelemetry selects
/// meters by name and a scrape in this process also sees every other gateway running in it (a second healthy node).
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class EdgeMetricsTests
{
    [Fact]
    public async Task Requests_appear_on_metrics_by_route_node_and_code()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "healthy");
        await TestGateway.WhoAsync(gateway.Client, "/v1/users/alice");
        await TestGateway.WhoAsync(gateway.Client, "/v1/nothing/here/at/all");
        await TestGateway.WhoAsync(gateway.Client, "/v1/users/bob/posts/extra"); // unlisted, under a listed prefix
        // Made-up paths, as any client may send: one series between them, not one each.
        for (var i = 0; i < 5; i++)
        {
            await TestGateway.WhoAsync(gateway.Client, $"/v1/zz{i}");
        }

        var scrape = await gateway.ScrapeAsync();
        Assert.Equal(1, scrape.Sum("stadium_gateway_requests_total",
            s => s.Label("route") == "/v1/users/{username}" && s.Label("node") == "node-1" && s.Label("code") == "200"));
        Assert.Equal(6, scrape.Sum("stadium_gateway_requests_total", s => s.Label("route") == "(other)"));
        Assert.Equal(1, scrape.Sum("stadium_gateway_requests_total", s => s.Label("route") == "/v1/users"));
        Assert.Equal(0, scrape.Sum("stadium_gateway_requests_total", s => s.Label("route") is "/v1/nothing" or "/v1/zz0"));
        Assert.Equal(1, scrape.Histogram("stadium_gateway_request_duration_seconds", s => s.Label("route") == "/v1/users/{username}").Count);
        Assert.Equal(0, scrape.Value("stadium_gateway_in_flight", s => s.Label("node") == "node-1"));
        Assert.Equal(1, scrape.Value("stadium_gateway_destinations", s => s.Label("state") == "healthy"));
        Assert.Equal(0, scrape.Value("stadium_gateway_destinations", s => s.Label("state") == "draining"));
        var destinations = await gateway.DestinationsAsync();
        Assert.Equal(8, destinations.Single().Requests);
    }

    [Fact]
    public async Task The_gateway_names_itself_and_reports_its_process_like_the_nodes()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        await TestGateway.WhoAsync(gateway.Client, "/v1/users/alice");

        var scrape = await gateway.ScrapeAsync();
        // The series the dashboards' per-process panels read (CPU, memory), and who this process is.
        Assert.True(scrape.Sum("dotnet_process_cpu_time_seconds_total") > 0, "no process CPU time on the gateway's /metrics");
        Assert.True(scrape.Sum("dotnet_process_memory_working_set_bytes") > 0, "no working set on the gateway's /metrics");
        var target = Assert.Single(scrape.Series("target_info", s => s.Label("stadium_role") == "gateway"));
        Assert.Equal("stadium", target.Label("service_name"));
    }
}
