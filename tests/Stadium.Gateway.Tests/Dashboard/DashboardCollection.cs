namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard's tests run one at a time and never beside the other test classes: each hosts a real node in this
/// process, and OpenTelemetry selects meters by name, so a node's /metrics in a test process also counts the requests
/// of every other host running in it (the gateway tests' backends would crowd the node's endpoints out of the
/// dashboard's busiest six), and a node disposed while another serves was seen to stop the survivor's request metrics.
/// Separate processes, as in a cluster, have neither problem.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DashboardCollection
{
    public const string Name = "Dashboard";
}
