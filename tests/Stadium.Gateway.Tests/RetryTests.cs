using System.Net;
using System.Text;

namespace Stadium.Gateway.Tests;

/// <summary>Idempotent reads are retried once on another node, writes never, and the retry budget caps retries.</summary>
public sealed class RetryTests
{
    /// <summary>Probes far apart and failures never taking a node out: only the retry stands between a client and a dead node.</summary>
    private static Dictionary<string, string?> Settings(TestBackend a, TestBackend b, string budget, string minPerSecond)
    {
        var settings = TestGateway.Static(a, b);
        settings["Stadium:Gateway:HealthCheck:Interval"] = "00:10:00";
        settings["Stadium:Gateway:Passive:ConsecutiveFailures"] = "1000";
        settings["Stadium:Gateway:Retry:Budget"] = budget;
        settings["Stadium:Gateway:Retry:MinPerSecond"] = minPerSecond;
        return settings;
    }

    [Fact]
    public async Task A_get_is_retried_on_another_node_after_a_transport_failure_and_a_post_is_not()
    {
        var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        await using var gateway = await TestGateway.StartAsync(Settings(a, b, "0.5", "100"));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");
        await a.DisposeAsync();

        for (var i = 0; i < 30; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
        }

        // Half the writes are balanced to the dead node (P2C between two idle nodes picks either): those fail.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await gateway.Client.PostAsync("/v1/posts", new StringContent("{}", Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.BadGateway, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
        var scrape = await gateway.ScrapeAsync();
        Assert.True(scrape.Sum("stadium_gateway_retries_total", s => s.Label("outcome") == "retried") >= 1);
    }

    [Fact]
    public async Task A_get_answered_503_by_a_shedding_node_is_retried_on_another()
    {
        await using var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        await using var gateway = await TestGateway.StartAsync(Settings(a, b, "0.5", "100"));
        a.Status = 503;
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal("node-2", await TestGateway.WhoAsync(gateway.Client));
        }

        Assert.True(a.Served >= 1, "node-1 was tried");
    }

    [Fact]
    public async Task The_retry_budget_caps_retries()
    {
        var a = await TestBackend.StartAsync("node-1");
        await using var b = await TestBackend.StartAsync("node-2");
        // One retry per ten requests, no floor.
        await using var gateway = await TestGateway.StartAsync(Settings(a, b, "0.1", "0"));
        await gateway.WaitForAsync(d => d.All(n => n.Healthy), "both healthy");
        await a.DisposeAsync();

        var failed = 0;
        const int Requests = 40;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await gateway.Client.GetAsync("/v1/who");
            failed += response.IsSuccessStatusCode ? 0 : 1;
        }

        var scrape = await gateway.ScrapeAsync();
        var retried = scrape.Sum("stadium_gateway_retries_total", s => s.Label("outcome") == "retried");
        var refused = scrape.Sum("stadium_gateway_retries_total", s => s.Label("outcome") == "budget");
        Assert.True(retried <= Requests * 0.1, $"{retried} retries for {Requests} requests");
        Assert.True(refused >= 1, "the budget refused retries");
        Assert.Equal(refused, failed);
    }
}
