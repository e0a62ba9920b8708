using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// Where the nodes are now: the cluster file's api and worker nodes (re-read each time: the supervisor replaces it
/// atomically whenever membership changes, so a read sees one whole version), else the static destinations. The gateway
/// entry is left out: the dashboard reads the gateway's own metrics separately.
/// </summary>
internal sealed class FleetLayoutReader(IOptions<DashboardSourceOptions> options)
{
    public const string DecisionsFileName = "decisions.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public FleetLayout Read()
    {
        var sources = options.Value;
        if (!string.IsNullOrWhiteSpace(sources.ClusterFile))
        {
            return ReadClusterFile(Path.GetFullPath(sources.ClusterFile));
        }

        // Named as the gateway names static destinations (node-1, node-2, ... in the listed order), so its per-node
        // metrics match these nodes.
        var members = sources.Destinations
            .Select((d, i) => Uri.TryCreate(d, UriKind.Absolute, out var url) ? new FleetMember($"node-{i + 1}", "api", url, "active") : null)
            .OfType<FleetMember>()
            .ToList();
        return FleetLayout.Empty with { Members = members };
    }

    private static FleetLayout ReadClusterFile(string path)
    {
        var decisions = Path.Combine(Path.GetDirectoryName(path) ?? ".", DecisionsFileName);
        ClusterFileDocument? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<ClusterFileDocument>(stream, Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // No cluster yet (or not readable): no nodes, but the decisions file is still followed.
            return FleetLayout.Empty with { DecisionsFile = decisions };
        }

        var members = (document?.Nodes ?? [])
            .Where(n => n.Role is "api" or "worker" && Uri.TryCreate(n.Url, UriKind.Absolute, out _))
            .Select(n => new FleetMember(n.Name ?? n.Url!, n.Role!, new Uri(n.Url!), n.State ?? "active"))
            .ToList();
        var limits = document?.Limits is { Capped: true } capped ? capped : null;
        return new FleetLayout(members, limits?.Cpu, limits?.MemoryBytes, decisions);
    }
}
