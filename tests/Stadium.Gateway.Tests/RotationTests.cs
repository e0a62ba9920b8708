namespace Stadium.Gateway.Tests;

/// <summary>Which nodes take requests: the cluster file followed without a restart, readiness probes, passive failures, draining.</summary>
public sealed class RotationTests
{
    [Fact]
    public async Task A_cluster_file_change_adds_and_removes_destinations_without_a_restart()
    {
        await using var a = await TestBackend.StartAsync("api-1");
        await using var b = await TestBackend.StartAsync("api-2");
        using var file = new ClusterFileWriter();
        file.Write((a, "active"), (b, "starting"));
        await using var gateway = await TestGateway.StartAsync(file.Settings());
        Assert.Equal(["api-1"], (await gateway.DestinationsAsync()).Select(d => d.Name));

        file.Write((a, "active"), (b, "active"));
        await gateway.WaitForAsync(d => d.Count == 2, "api-2 added");
        await TestGateway.EventuallyAsync(async () => await TestGateway.WhoAsync(gateway.Client) == "api-2", "api-2 takes requests");

        file.Write((b, "active"));
        await gateway.WaitForAsync(d => d.Select(n => n.Name).SequenceEqual(["api-2"]), "api-1 removed");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("api-2", await TestGateway.WhoAsync(gateway.Client));
        }
    }

    [Fact]
    public async Task An_unready_node_leaves_rotation_and_comes_back_when_ready()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a, b));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");

        a.Readiness = TestBackend.NotReady;
        await gateway.WaitForAsync(d => d.Single(n => n.Name == "node-1") is { Healthy: false }, "node-1 out");
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
        }

        a.Readiness = TestBackend.Healthy;
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "node-1 back");
        await TestGateway.EventuallyAsync(async () => await TestGateway.WhoAsync(gateway.Client) == "node-1", "node-1 takes requests again");
    }

    [Fact]
    public async Task The_gateway_is_ready_only_while_a_node_is()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var gateway = await TestGateway.StartAsync(TestGateway.Static(a));
        await TestGateway.EventuallyAsync(async () => (await gateway.Client.GetAsync("/health/ready")).IsSuccessStatusCode, "gateway ready");

        a.Readiness = TestBackend.NotReady;
        await TestGateway.EventuallyAsync(async () => (int)(await gateway.Client.GetAsync("/health/ready")).StatusCode == 503, "gateway not ready");
        using var answer = await gateway.Client.GetAsync("/v1/who");
        Assert.Equal(503, (int)answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Consecutive_transport_failures_take_a_node_out_for_the_backoff()
    {
        var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        var settings = TestGateway.Static(a, b);
        // Probes far apart and no retries: only real requests find node-1 gone.
        settings["Stadium:Gateway:HealthCheck:Interval"] = "00:10:00";
        settings["Stadium:Gateway:Retry:Budget"] = "0";
        settings["Stadium:Gateway:Passive:ConsecutiveFailures"] = "2";
        settings["Stadium:Gateway:Passive:Backoff"] = "00:00:03";
        await using var gateway = await TestGateway.StartAsync(settings);
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");
        await a.DisposeAsync();

        var failed = 0;
        for (var i = 0; i < 40 && failed < 2; i++)
        {
            using var response = await gateway.Client.GetAsync("/v1/who");
            failed += response.IsSuccessStatusCode ? 0 : 1;
        }

        Assert.Equal(2, failed);
        Assert.False((await gateway.DestinationsAsync()).Single(n => n.Name == "node-1").Healthy);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
        }

        // After the backoff YARP tries the node again.
        await gateway.WaitForAsync(d => d.Single(n => n.Name == "node-1").Healthy, "node-1 back after the backoff");
    }

    [Fact]
    public async Task A_draining_node_finishes_its_requests_and_takes_no_new_ones()
    {
        await using var a = await TestBackend.StartAsync("api-1");
        await using var b = await TestBackend.StartAsync("api-2");
        using var file = new ClusterFileWriter();
        file.Write((a, "active"));
        await using var gateway = await TestGateway.StartAsync(file.Settings());
        var slow = gateway.Client.GetAsync("/v1/slow");
        await TestGateway.EventuallyAsync(() => Task.FromResult(a.Waiting == 1), "a request in flight on api-1");

        file.Write((a, "draining"), (b, "active"));
        await gateway.WaitForAsync(d => d.Count == 2 && d.Single(n => n.Name == "api-1") is { State: "draining", InFlight: 1 }, "api-1 draining with one in flight");
        var servedBefore = a.Served;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("api-2", await TestGateway.WhoAsync(gateway.Client));
        }

        Assert.Equal(servedBefore, a.Served);
        a.Release();
        using var finished = await slow;
        Assert.Equal("api-1", await finished.Content.ReadAsStringAsync());
        await gateway.WaitForAsync(d => d.Single(n => n.Name == "api-1").InFlight == 0, "api-1 drained");
    }
}
