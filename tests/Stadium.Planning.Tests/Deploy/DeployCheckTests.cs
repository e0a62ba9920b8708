using System.Text.RegularExpressions;
using Stadium.Testing;

namespace Stadium.Planning.Tests.Deploy;

/// <summary>
/// The offline checks pass on the committed deploy/ folder and refuse a broken copy of each kind of file, naming it:
/// a check that cannot fail proves nothing.
/// </summary>
public sealed class DeployCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stadium-deploy-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_committed_deploy_folder_passes_every_offline_check()
    {
        var (exitCode, output) = await DeployCheck.RunAsync(Repository.Combine("deploy"));

        Assert.True(exitCode == 0, output);
        Assert.Contains("deploy-check:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dockerfile", @"EXPOSE 8080 8090", "EXPOSE http", "Dockerfile")]
    [InlineData("compose.yaml", @"(?m)^    environment: \*settings", "    enviroment: *settings", "compose.yaml")]
    [InlineData("compose.yaml", @"condition: service_healthy", "condition: healthy", "compose.yaml")]
    [InlineData("k8s/base/api.yaml", @"failureThreshold: 60", "failureThreshold: sixty", "k8s/base/api.yaml")]
    [InlineData("k8s/base/api.yaml", @"readinessProbe:", "readinessProb:", "k8s/base/api.yaml")]
    [InlineData("k8s/base/api-hpa.yaml", @"averageUtilization: \d+", "averageUtilization: high", "k8s/base/api-hpa.yaml")]
    [InlineData("k8s/base/api-hpa.yaml", @"name: stadium_in_flight", "name: stadium_inflight", "stadium_inflight, which no Prometheus adapter rule serves")]
    [InlineData("k8s/base/api-service.yaml", @"name: stadium-api\n  ports", "name: stadium-apj\n  ports", "k8s/base")]
    [InlineData("k8s/base/worker-scaledobject.yaml", @"minReplicaCount: \d+", "minReplicaCount: one", "k8s/base/worker-scaledobject.yaml")]
    [InlineData("k8s/base/worker-scaledobject.yaml", @"cooldownPeriod:", "cooldown:", "k8s/base/worker-scaledobject.yaml")]
    [InlineData("k8s/base/worker-scaledobject.yaml", @"name: stadium-worker\n  minReplicaCount", "name: stadium-workers\n  minReplicaCount", "k8s/base")]
    [InlineData("k8s/overlays/dev/api-hpa.yaml", @"maxReplicas: 2", "maxReplicas: two", "k8s/overlays/dev/api-hpa.yaml")]
    [InlineData("k8s/overlays/production/gateway.yaml", @"name: stadium-gateway", "name: stadium-gateways", "k8s/overlays/production/gateway.yaml")]
    [InlineData("k8s/base/kustomization.yaml", @"  - ingress.yaml\n", "", "k8s/base/ingress.yaml")]
    [InlineData("cloudrun/service.yaml", @"containerConcurrency: \d+", "containerConcurrency: many", "cloudrun/service.yaml")]
    [InlineData("cloudrun/service.yaml", @"containerConcurrency:", "containerConcurency:", "cloudrun/service.yaml")]
    [InlineData("ecs/api-task-definition.json", @"""awsvpc""", @"""awsvcp""", "ecs/api-task-definition.json")]
    [InlineData("ecs/api-alarm-p99.json", @"GreaterThanThreshold", "Above", "ecs/api-alarm-p99.json")]
    [InlineData("ecs/api-scaling-p99.json", @"""ScalingAdjustment""", @"""ScaleAdjustment""", "ecs/api-scaling-p99.json")]
    [InlineData("grafana/stadium.json", @"""uid"": ""prometheus""", @"""uid"": ""prom""", "grafana/stadium.json")]
    [InlineData("prometheus/prometheus.yml", @"job_name: api", "name: api", "prometheus/prometheus.yml")]
    [InlineData("postgres/replica.sh", @"(?m)^fi$", "", "postgres/replica.sh")]
    [InlineData("k8s/base/api-hpa.yaml", @"minReplicas: \d+", "minReplicas: {{ApiMinReplicas}}", "k8s/base/api-hpa.yaml")]
    public async Task A_broken_file_is_refused_and_named(string file, string pattern, string replacement, string named)
    {
        Copy(Repository.Combine("deploy"), _dir);
        var path = Path.Combine(_dir, file);
        var text = File.ReadAllText(path);
        var broken = Regex.Replace(text, pattern, replacement);
        Assert.NotEqual(text, broken);
        File.WriteAllText(path, broken);

        var (exitCode, output) = await DeployCheck.RunAsync(_dir);

        Assert.True(exitCode == 1, $"exit {exitCode}\n{output}");
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
