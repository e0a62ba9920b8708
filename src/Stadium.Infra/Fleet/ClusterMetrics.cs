using System.Diagnostics.Metrics;

namespace Stadium.Infra.Fleet;

/// <summary>
/// The supervisor's meter, served on the control API's /metrics: stadium_cluster_nodes{role,state} and
/// stadium_cluster_exits_total{role} (children that exited by themselves).
/// </summary>
internal sealed class ClusterMetrics : IDisposable
{
    public const string MeterName = "Stadium.Cluster";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _exits;

    public ClusterMetrics(Func<IReadOnlyList<ClusterNode>> nodes)
    {
        _exits = _meter.CreateCounter<long>("stadium.cluster.exits", description: "Children that exited without being asked to.");
        _meter.CreateObservableGauge(
            "stadium.cluster.nodes",
            () => nodes()
                .GroupBy(n => (n.Role, n.State))
                .Select(g => new Measurement<int>(g.Count(), new("role", g.Key.Role), new("state", g.Key.State))),
            description: "Children of the cluster by role and state.");
    }

    public void Exited(string role) => _exits.Add(1, new KeyValuePair<string, object?>("role", role));

    public void Dispose() => _meter.Dispose();
}
