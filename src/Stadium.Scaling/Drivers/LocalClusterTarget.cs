using System.Net.Http.Json;
using Stadium.Scaling.Signals;

namespace Stadium.Scaling.Drivers;

/// <summary>
/// The API nodes or the workers of a local cluster: members and readiness from cluster.json (active is ready, starting
/// is not, draining ones are already leaving and do not count), scaling through the supervisor's `POST {controlUrl}/scale`
/// with `{"api": n}` or `{"workers": n}`.
/// </summary>
internal sealed class LocalClusterTarget(string name, string role, string clusterFile, HttpClient http) : IScaleTarget, IScrapeSources
{
    public string Name => name;

    private string NodeRole => role == "workers" ? "worker" : "api";

    public async Task<ScaleState> ReadAsync(CancellationToken ct)
    {
        var cluster = await ClusterFile.ReadAsync(clusterFile, ct);
        var members = cluster.Nodes
            .Where(n => n.Role == NodeRole && n.State != "draining")
            .Select(n => new ReplicaState(n.Name, n.State == "active", n.StartedAt))
            .ToList();
        return new ScaleState(members.Count, members);
    }

    public async Task ScaleAsync(int replicas, CancellationToken ct)
    {
        var cluster = await ClusterFile.ReadAsync(clusterFile, ct);
        using var response = await http.PostAsJsonAsync(new Uri(new Uri(cluster.ControlUrl), "/scale"), new Dictionary<string, int> { [role] = replicas }, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"the supervisor refused {role}={replicas}: {(int)response.StatusCode} {body}", null, response.StatusCode);
        }
    }

    async Task<ScrapePlan> IScrapeSources.ReadAsync(CancellationToken ct)
    {
        var cluster = await ClusterFile.ReadAsync(clusterFile, ct);
        var nodes = cluster.Nodes.Where(n => n.Role != "gateway").Select(n => new ScrapeNode(n.Name, n.Url)).ToList();
        var limits = cluster.Limits is { Capped: true } capped
            ? new NodeLimits(capped.Cpu ?? Environment.ProcessorCount, capped.MemoryBytes, CpuKnown: capped.Cpu is not null)
            : NodeLimits.Uncapped;
        return new ScrapePlan(cluster.GatewayUrl, nodes, limits);
    }
}
