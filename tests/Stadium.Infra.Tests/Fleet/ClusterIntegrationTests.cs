using System.Diagnostics;
using System.Text.Json;
using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// `stadium up --cluster` as a user runs it, from the built CLI: real PostgreSQL and Redis, real API nodes and a worker
/// as processes, each in a cgroup with its limits. One cluster for the whole story, to keep the run short: status,
/// scale out and in (the removed nodes drain and exit), a node made unready, and SIGTERM leaving nothing behind.
/// The gateway is the gateway verb's own business (ClusterGatewayTests); nothing here depends on it.
/// </summary>
public sealed class ClusterIntegrationTests
{
    [Fact]
    public async Task A_cluster_starts_reports_scales_out_and_in_shows_an_unready_node_and_stops_clean()
    {
        await using var cluster = ClusterRun.Start(nodes: 2, workers: 1);
        var started = await cluster.WaitForStateAsync(
            s => ActiveNames(s, NodeRoles.Api).Count == 2 && ActiveNames(s, NodeRoles.Worker).Count == 1,
            "two active API nodes and an active worker");
        Assert.True(started.Limits.Capped, $"running as root here, the nodes must be capped:{Environment.NewLine}{cluster.Output}");
        Assert.Equal(3, cluster.CgroupsOfThisCluster().Count(n => !n.EndsWith("gateway", StringComparison.Ordinal)));

        // Each node entered its cgroup before its first instruction: its own /proc says so, for both controllers.
        foreach (var node in started.Nodes.Where(n => n.Role != NodeRoles.Gateway))
        {
            var groups = await File.ReadAllTextAsync($"/proc/{node.Pid}/cgroup");
            Assert.Contains($"cpu:/{CgroupLimiter.Prefix(cluster.Layout.ClusterId)}{node.Name}\n", groups);
            Assert.Contains($"memory:/{CgroupLimiter.Prefix(cluster.Layout.ClusterId)}{node.Name}\n", groups);
        }

        var status = await cluster.WaitForStatusAsync(s => Nodes(s).Count(n => Ready(n)) >= 3, "three ready nodes");
        var api = Nodes(status).Where(n => n.GetProperty("role").GetString() == NodeRoles.Api).ToList();
        Assert.Equal(2, api.Count);
        Assert.All(api, n =>
        {
            Assert.StartsWith("http://127.0.0.1:", n.GetProperty("url").GetString());
            Assert.True(n.GetProperty("pid").GetInt32() > 0);
            Assert.Equal(0.5, n.GetProperty("cpuLimit").GetDouble());
            Assert.Equal(512L << 20, n.GetProperty("memoryLimitBytes").GetInt64());
            Assert.True(n.GetProperty("memoryBytes").GetInt64() > 0);
        });

        // A scale request that asks for nothing, or for what cannot be, is a 400 problem, never a 202 that does nothing.
        using (var http = new HttpClient())
        {
            foreach (var body in (string[])["{}", """{"gateway": 3}""", """{"api": 0}""", "not json"])
            {
                using var refused = await http.PostAsync(started.ControlUrl.TrimEnd('/') + "/scale", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                Assert.True(refused.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{body}: {(int)refused.StatusCode} {await refused.Content.ReadAsStringAsync()}");
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            }

            // A route it does not have, or a method a route does not take, is a problem too, not an empty body.
            using var missing = await http.GetAsync(started.ControlUrl.TrimEnd('/') + "/scales");
            using var wrongMethod = await http.GetAsync(started.ControlUrl.TrimEnd('/') + "/scale");
            Assert.Equal((System.Net.HttpStatusCode.NotFound, "application/problem+json"), (missing.StatusCode, missing.Content.Headers.ContentType?.MediaType));
            Assert.Equal((System.Net.HttpStatusCode.MethodNotAllowed, "application/problem+json"), (wrongMethod.StatusCode, wrongMethod.Content.Headers.ContentType?.MediaType));
        }

        // Scale out: a third node starts, becomes ready and turns active.
        var (code, output, errors) = await cluster.CliAsync("cluster", "scale", "api=3", "--data", cluster.DataDir);
        Assert.True(code == 0, output + errors);
        var three = await cluster.WaitForStateAsync(s => ActiveNames(s, NodeRoles.Api).Count == 3, "three active API nodes");

        // Scale in to one: the two removed nodes drain, exit and leave cluster.json and their cgroups.
        (code, output, errors) = await cluster.CliAsync("cluster", "scale", "api=1", "--data", cluster.DataDir);
        Assert.True(code == 0, output + errors);
        var one = await cluster.WaitForStateAsync(s => s.Nodes.Count(n => n.Role == NodeRoles.Api) == 1, "a single API node");
        var removed = three.Nodes.Where(n => n.Role == NodeRoles.Api && one.Nodes.All(o => o.Name != n.Name)).ToList();
        Assert.Equal(2, removed.Count);
        Assert.All(removed, n => Assert.False(UnixProcess.IsAlive(n.Pid), $"{n.Name} still runs"));
        Assert.Contains($"{removed[0].Name,-10} draining", cluster.Output);
        Assert.DoesNotContain(cluster.CgroupsOfThisCluster(), g => removed.Any(r => g.EndsWith(r.Name, StringComparison.Ordinal)));

        // A node that answers nothing (frozen) is reported not ready, and ready again once it runs.
        var survivor = one.Nodes.Single(n => n.Role == NodeRoles.Api);
        Signal("STOP", survivor.Pid);
        try
        {
            await cluster.WaitForStatusAsync(s => Nodes(s).Any(n => Name(n) == survivor.Name && !Ready(n)), $"{survivor.Name} not ready");
        }
        finally
        {
            Signal("CONT", survivor.Pid);
        }

        await cluster.WaitForStatusAsync(s => Nodes(s).Any(n => Name(n) == survivor.Name && Ready(n)), $"{survivor.Name} ready again");

        // SIGTERM: every child, every cgroup, the data tier and cluster.json are gone.
        Assert.Equal(0, await cluster.StopAsync());
        Assert.Contains("Stopped: no node", cluster.Output);
        Assert.Empty(cluster.ProcessesOfThisCluster());
        Assert.Empty(cluster.CgroupsOfThisCluster());
        Assert.False(File.Exists(cluster.Layout.StateFile));
    }

    private static List<string> ActiveNames(ClusterState state, string role) =>
        [.. state.Nodes.Where(n => n.Role == role && n.State == NodeStates.Active).Select(n => n.Name)];

    private static IEnumerable<JsonElement> Nodes(JsonElement status) => status.GetProperty("nodes").EnumerateArray();

    private static bool Ready(JsonElement node) => node.GetProperty("ready").GetBoolean();

    private static string Name(JsonElement node) => node.GetProperty("name").GetString()!;

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{pid}"]);
        kill.WaitForExit();
    }
}
