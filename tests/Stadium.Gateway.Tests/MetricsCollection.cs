namespace Stadium.Gateway.Tests;

/// <summary>
/// Tests that count the gateway's metric series exactly run one at a time and never beside the other test classes
/// (see <see cref="Dashboard.DashboardCollection"/> for why: meters are selected by name across the process).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Gateway metrics";
}
