using System.Globalization;
using k8s;
using Stadium.Scaling.Config;
using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// `driver: kubernetes`: a Deployment, through its scale subresource. Settings: `deployment` (required), `namespace`
/// (default), `server` (the API server's URL; else `kubeconfig`, else the in-cluster account, else ~/.kube/config),
/// `metricsPort` (where pods serve /metrics, 8080), `gateway` (the gateway's URL, for its signals), `cpu` and `memory`
/// (each pod's limits in cores and bytes, for the utilisation signals and inFlight's perCore; else uncapped: the
/// driver reads the scale subresource and the pods' status, not their containers' resources, so the limits are given).
/// </summary>
internal sealed class KubernetesDriver : IScaleDriver
{
    public string Name => "kubernetes";

    public IReadOnlyList<string> Keys => ["deployment", "namespace", "server", "kubeconfig", "metricsPort", "gateway", "cpu", "memory"];

    public IReadOnlyList<string> Required => ["deployment"];

    public ScaledTarget Create(TargetSpec target, AutoscaleConfig config, HttpClient http)
    {
        var s = target.DriverSettings;
        var configuration = s.GetValueOrDefault("server") is { } server ? new KubernetesClientConfiguration { Host = server }
            : s.GetValueOrDefault("kubeconfig") is { } file ? KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
            : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile();
        var cpu = Number(s, "cpu", config, target);
        var limits = new NodeLimits(
            cpu ?? Environment.ProcessorCount,
            Number(s, "memory", config, target) is { } bytes ? (long)bytes : null,
            CpuKnown: cpu is not null);
        var port = (int)(Number(s, "metricsPort", config, target) ?? 8080);
        var deployment = new KubernetesDeploymentTarget(
            target.Name, new Kubernetes(configuration), s.GetValueOrDefault("namespace") ?? "default", s["deployment"], port, s.GetValueOrDefault("gateway"), limits);
        return new ScaledTarget(deployment, deployment);
    }

    private static double? Number(IReadOnlyDictionary<string, string> settings, string key, AutoscaleConfig config, TargetSpec target) =>
        settings.GetValueOrDefault(key) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new FormatException($"{config.Source}: targets '{target.Name}': kubernetes.{key} must be a number above 0 (got '{text}')");
}
