using System.Net.Http.Json;
using Stadium.Infra;
using Stadium.Infra.Chaos;
using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary>
/// What faults act on, read from a data folder: a cluster's (<c>up --cluster --data DIR</c>: cluster.json for the API
/// nodes, workers and gateway, <c>DIR/infra/stadium.json</c> for the servers) or a data tier's
/// (<c>infra up --dir DIR</c>: <c>DIR/stadium.json</c>). Names: api-N, worker-N, gateway, primary, replica-N, redis.
/// </summary>
internal sealed class ChaosTarget(string dataDir, ClusterState? cluster, InfraSettings? infra, string cgroupRoot)
{
    public string DataDir { get; } = Path.GetFullPath(dataDir);

    public ClusterState? Cluster { get; } = cluster;

    public InfraSettings? Infra { get; } = infra;

    public string CgroupRoot { get; } = cgroupRoot;

    public string LedgerFile => Path.Combine(DataDir, FaultLedger.FileName);

    public static async Task<ChaosTarget> LoadAsync(string dataDir, CancellationToken ct, string cgroupRoot = CgroupLimiter.DefaultRoot)
    {
        var layout = ClusterLayout.For(dataDir);
        var cluster = await ClusterStateFile.LoadAsync(layout.StateFile, ct);
        var infraFile = File.Exists(layout.InfraSettings) ? layout.InfraSettings : InfraSettingsFile.PathIn(dataDir);
        var infra = File.Exists(infraFile) ? await InfraSettingsFile.LoadAsync(infraFile, ct) : null;
        if (cluster is null && infra is null)
        {
            throw new FaultException(
                $"no cluster and no data tier in {layout.DataDir}: give the --data of `stadium up --cluster` or the --dir of `stadium infra up`");
        }

        return new ChaosTarget(dataDir, cluster, infra, cgroupRoot);
    }

    /// <summary>The process named <paramref name="name"/>; a <see cref="FaultException"/> listing the names there are otherwise.</summary>
    public ProcessTarget Process(string name)
    {
        if (Cluster?.Nodes.FirstOrDefault(n => n.Name == name) is { } node)
        {
            return new ProcessTarget(node.Name, node.Role, node.Pid, null);
        }

        var serverName = ServerName(name);
        if (Infra?.Infra.Servers.FirstOrDefault(s => s.Name == serverName && s.Kind != ServerRoles.ChaosProxyKind) is { } server)
        {
            return new ProcessTarget(name, server.Role, CurrentPid(server), server.Name);
        }

        throw new FaultException($"no process named '{name}' in {DataDir}; there are: {string.Join(", ", ProcessNames())}");
    }

    /// <summary>The fault proxy's client, for network faults on a dependency; an error when the tier runs without one.</summary>
    public ProxyApiClient Proxy(HttpClient http) =>
        Infra?.Infra.Chaos is { } chaos
            ? new ProxyApiClient(http, new Uri(chaos.ProxyApi.TrimEnd('/') + "/"))
            : throw new FaultException($"the data tier in {DataDir} runs without a fault proxy: start it with `--chaos` for network faults");

    /// <summary>A superuser's connection string to a data-tier server (replay pause needs one).</summary>
    public string AdminConnectionString(ProcessTarget target)
    {
        var server = Infra!.Infra.Servers.Single(s => s.Name == target.ServerName);
        return PostgresCredentials.AdminConnectionString(Infra.Infra, server.Port) + ";Pooling=false;Timeout=5";
    }

    /// <summary>The cgroup the cluster put a node in; null when the cluster runs uncapped.</summary>
    public NodeCgroup? Cgroup(ProcessTarget node) =>
        Cluster is null
            ? null
            : new CgroupLimiter(CgroupRoot).Find(CgroupLimiter.Prefix(ClusterLayout.For(DataDir).ClusterId) + node.Name).FirstOrDefault();

    /// <summary>Asks the cluster's control API to bring a role to <paramref name="count"/> nodes again.</summary>
    public async Task ScaleAsync(string role, int count, CancellationToken ct)
    {
        var control = Cluster?.ControlUrl ?? throw new FaultException($"no cluster in {DataDir} to scale");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        object body = role == NodeRoles.Worker ? new { workers = count } : new { api = count };
        using var response = await http.PostAsJsonAsync(control.TrimEnd('/') + "/scale", body, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many nodes of <paramref name="role"/> cluster.json lists now (read again: it changes as nodes come and go).</summary>
    public async Task<int> CountAsync(string role, CancellationToken ct)
    {
        var state = await ClusterStateFile.LoadAsync(ClusterLayout.For(DataDir).StateFile, ct);
        return state?.Nodes.Count(n => n.Role == role && n.State != NodeStates.Draining) ?? 0;
    }

    /// <summary>
    /// The server's pid now, from the pidfile it keeps in its folder (postmaster.pid, redis.pid): a server started again
    /// by an earlier fault runs under a pid the record never saw. The record's pid when there is no pidfile.
    /// </summary>
    private static int CurrentPid(ServerRecord server)
    {
        var pidFile = server.Kind == ServerRoles.RedisKind ? Path.Combine(server.DataDir, "redis.pid") : Path.Combine(server.DataDir, "postmaster.pid");
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid) && UnixProcess.IsAlive(pid) ? pid : server.Pid;
    }

    /// <summary>The data-tier record behind a target name: replica-1 is the server replica1; others keep their name.</summary>
    private static string ServerName(string name) =>
        name.StartsWith("replica-", StringComparison.Ordinal) ? "replica" + name["replica-".Length..] : name;

    private IEnumerable<string> ProcessNames() =>
        (Cluster?.Nodes.Select(n => n.Name) ?? [])
            .Concat(Infra?.Infra.Servers.Where(s => s.Kind != ServerRoles.ChaosProxyKind).Select(ChaosRoutes.For) ?? []);
}
