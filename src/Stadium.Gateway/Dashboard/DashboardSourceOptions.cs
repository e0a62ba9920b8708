namespace Stadium.Gateway.Dashboard;

/// <summary>
/// The two keys of <c>Stadium:Gateway</c> that say where the nodes are, read by the dashboard on its own so it depends on
/// nothing else in the gateway: a cluster state file to follow (api and worker nodes, their states and limits, and the
/// autoscaler's decisions beside it) or a static list of node URLs. With both, the cluster file wins.
/// </summary>
public sealed class DashboardSourceOptions
{
    public const string Section = "Stadium:Gateway";

    /// <summary>Path of a cluster.json written by <c>stadium up --cluster</c>; re-read at every snapshot.</summary>
    public string? ClusterFile { get; set; }

    /// <summary>Node URLs, e.g. <c>http://127.0.0.1:5001</c>.</summary>
    public IList<string> Destinations { get; set; } = [];
}
