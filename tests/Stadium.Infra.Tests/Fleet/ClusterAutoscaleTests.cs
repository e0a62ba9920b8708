using System.Net;
using System.Text.Json;
using Stadium.Infra.Fleet;

namespace Stadium.Infra.Tests.Fleet;

/// <summary>
/// `up --cluster --autoscale FILE`: the autoscaler runs inside the supervisor once the cluster is up, scales it through
/// the control API and serves its decisions there. The file's minimum of 2 API nodes is above the 1 the cluster starts
/// with, so the first round must scale out whatever the signals read (the HPA brings a count inside min..max first).
/// </summary>
public sealed class ClusterAutoscaleTests
{
    private const string Config = """
        interval: 1s
        window: 2s
        targets:
          - name: api
            driver: local
            local: { role: api }
            minReplicas: 2
            maxReplicas: 2
            metrics:
              - name: cpu
                target: { type: Utilization, averageUtilization: 70 }
        """;

    [Fact]
    public async Task The_autoscaler_inside_the_cluster_brings_it_to_its_minimum_and_serves_its_decisions()
    {
        var file = Path.Combine(Path.GetTempPath(), $"autoscale-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Config);
        try
        {
            await using var cluster = ClusterRun.Start(nodes: 1, workers: 0, "--autoscale", file);
            var scaled = await cluster.WaitForStateAsync(
                s => s.Nodes.Count(n => n.Role == NodeRoles.Api && n.State == NodeStates.Active) == 2,
                "the autoscaler's second API node active");
            Assert.Contains("Autoscaler: api 2-2", cluster.Output, StringComparison.Ordinal);

            using var control = new HttpClient { BaseAddress = new Uri(scaled.ControlUrl), Timeout = TimeSpan.FromSeconds(30) };
            using var answer = await control.GetAsync("/decisions?target=api");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var decisions = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains(decisions.EnumerateArray(), d => d.GetProperty("current").GetInt32() == 1
                && d.GetProperty("desired").GetInt32() == 2 && d.GetProperty("applied").GetBoolean());
            Assert.Contains("\"target\":\"api\"", await File.ReadAllTextAsync(Path.Combine(cluster.DataDir, "decisions.jsonl")), StringComparison.Ordinal);
            Assert.Contains("stadium_scaling_replicas", await control.GetStringAsync("/metrics"), StringComparison.Ordinal);

            Assert.Equal(0, await cluster.StopAsync());
            Assert.Empty(cluster.ProcessesOfThisCluster());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
