using k8s;
using k8s.Models;
using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// A Deployment scaled through `apps/v1 deployments/{name}/scale`: its spec.replicas is the count, the pods its
/// status.selector matches are the members (ready: Running with the Ready condition; pods being deleted, failed or
/// finished are not members), and a merge patch of spec.replicas scales it, as `kubectl scale` does.
/// </summary>
internal sealed class KubernetesDeploymentTarget(
    string name, IKubernetes client, string ns, string deployment, int metricsPort, string? gateway, NodeLimits limits) : IScaleTarget, IScrapeSources
{
    public string Name => name;

    public async Task<ScaleState> ReadAsync(CancellationToken ct)
    {
        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, ns, cancellationToken: ct);
        var pods = await PodsAsync(scale, ct);
        var members = pods.Select(p => new ReplicaState(
            p.Metadata.Name,
            p.Status?.Phase == "Running" && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
            p.Status?.StartTime is { } started ? new DateTimeOffset(started, TimeSpan.Zero) : DateTimeOffset.MinValue)).ToList();
        return new ScaleState(scale.Spec?.Replicas ?? 0, members);
    }

    public async Task ScaleAsync(int replicas, CancellationToken ct)
    {
        var patch = new V1Patch($$$"""{"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.MergePatch);
        await client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, deployment, ns, cancellationToken: ct);
    }

    async Task<ScrapePlan> IScrapeSources.ReadAsync(CancellationToken ct)
    {
        var scale = await client.AppsV1.ReadNamespacedDeploymentScaleAsync(deployment, ns, cancellationToken: ct);
        var nodes = (await PodsAsync(scale, ct))
            .Where(p => !string.IsNullOrEmpty(p.Status?.PodIP))
            .Select(p => new ScrapeNode(p.Metadata.Name, $"http://{p.Status.PodIP}:{metricsPort}"))
            .ToList();
        return new ScrapePlan(gateway, nodes, limits);
    }

    private async Task<List<V1Pod>> PodsAsync(V1Scale scale, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(scale.Status?.Selector))
        {
            return [];
        }

        var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: scale.Status.Selector, cancellationToken: ct);
        return pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.Phase is not ("Failed" or "Succeeded")).ToList();
    }
}
