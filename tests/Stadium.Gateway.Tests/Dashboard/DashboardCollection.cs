namespace Stadium.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard's tests run one at a time: each hosts a real node in this process, and a node disposed in the same
/// process while another serves stops the survivor's request metrics from moving (seen as a flat zero on the page), a
/// limit of in-process nodes that separate processes, as in a cluster, do not have.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection
{
    public const string Name = "Dashboard";
}
