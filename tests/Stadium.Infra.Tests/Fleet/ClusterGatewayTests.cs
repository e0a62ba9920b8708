using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// The gateway inside a real cluster follows it: its destinations are the active API nodes, a frozen node leaves its
/// rotation while requests keep succeeding, scale-out adds a destination and scale-in drains and drops them. Needs the
/// `stadium gateway` verb (src/Stadium.Gateway), which the cluster starts as one of its children.
/// </summary>
public sealed class ClusterGatewayTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task The_gateway_follows_scale_out_an_unready_node_and_scale_in()
    {
        await using var cluster = ClusterRun.Start(nodes: 2, workers: 0);
        var started = await cluster.WaitForStateAsync(
            s => s.Nodes.Count(n => n.Role == NodeRoles.Api && n.State == NodeStates.Active) == 2
                && s.Nodes.Any(n => n.Role == NodeRoles.Gateway && n.State == NodeStates.Active),
            "two active API nodes and an active gateway");
        using var gateway = new HttpClient { BaseAddress = new Uri(started.GatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/health/ready")).StatusCode);
        await WaitForDestinationsAsync(gateway, d => d.Count(x => x.State == NodeStates.Active && x.Healthy) == 2, "two healthy destinations", cluster);
        await AssertServesAsync(gateway);

        var (code, output, errors) = await cluster.CliAsync("cluster", "scale", "api=3", "--data", cluster.DataDir);
        Assert.True(code == 0, output + errors);
        await WaitForDestinationsAsync(gateway, d => d.Count(x => x.State == NodeStates.Active && x.Healthy) == 3, "three healthy destinations", cluster);

        // A frozen node answers nothing: the gateway's health checks take it out, and clients do not notice.
        var frozen = (await cluster.WaitForStateAsync(s => true, "the state")).Nodes.First(n => n.Role == NodeRoles.Api);
        Signal("STOP", frozen.Pid);
        try
        {
            await WaitForDestinationsAsync(gateway, d => d.Any(x => x.Name == frozen.Name && !x.Healthy), $"{frozen.Name} unhealthy", cluster);
            await AssertServesAsync(gateway);
        }
        finally
        {
            Signal("CONT", frozen.Pid);
        }

        await WaitForDestinationsAsync(gateway, d => d.Count(x => x.State == NodeStates.Active && x.Healthy) == 3, "three healthy destinations again", cluster);

        (code, output, errors) = await cluster.CliAsync("cluster", "scale", "api=1", "--data", cluster.DataDir);
        Assert.True(code == 0, output + errors);
        await cluster.WaitForStateAsync(s => s.Nodes.Count(n => n.Role == NodeRoles.Api) == 1, "a single API node");
        await WaitForDestinationsAsync(gateway, d => d.Count(x => x.State == NodeStates.Active) == 1 && d.All(x => x.State != NodeStates.Active || x.Healthy), "one destination", cluster);
        await AssertServesAsync(gateway);

        Assert.Equal(0, await cluster.StopAsync());
        Assert.Empty(cluster.ProcessesOfThisCluster());
    }

    private static async Task AssertServesAsync(HttpClient gateway)
    {
        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.GetAsync("/v1/users/user1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task WaitForDestinationsAsync(HttpClient gateway, Func<List<Destination>, bool> condition, string what, ClusterRun cluster)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await gateway.GetStringAsync("/gateway/destinations");
                if (JsonSerializer.Deserialize<List<Destination>>(last, Json) is { } destinations && condition(destinations))
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(300);
        }

        Assert.Fail($"the gateway never showed {what}; last /gateway/destinations: {last}{Environment.NewLine}{cluster.Output}");
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{pid}"]);
        kill.WaitForExit();
    }

    private sealed record Destination(string Name, string Url, string State, bool Healthy, int InFlight, long Requests);
}
