using Stadium.Scaling;
using Stadium.Scaling.Drivers;
using Stadium.Scaling.Signals;

namespace Stadium.Planning.Simulate;

/// <summary>
/// The fleet as the autoscaler's driver sees it: an <see cref="IScaleTarget"/> (the replica count and its members) and
/// the scrape sources (the gateway and every node that still runs, at http://NAME.sim/), answered by
/// <see cref="SimulatedMetricsHandler"/> through <see cref="Render"/>.
/// </summary>
internal sealed class FleetEndpoints(Fleet fleet, GatewayCounters gateway, string name) : IScaleTarget, IScrapeSources
{
    public const string GatewayHost = "gateway.sim";

    public string Name => name;

    public Task<ScaleState> ReadAsync(CancellationToken ct) => Task.FromResult(fleet.State());

    public Task ScaleAsync(int replicas, CancellationToken ct)
    {
        fleet.Scale(replicas);
        return Task.CompletedTask;
    }

    Task<ScrapePlan> IScrapeSources.ReadAsync(CancellationToken ct) => Task.FromResult(new ScrapePlan(
        $"http://{GatewayHost}/",
        [.. fleet.Nodes.Select(n => new ScrapeNode(n.Name, $"http://{n.Name}.sim/"))],
        new NodeLimits(fleet.Shape.Cores, fleet.Shape.MemoryBytes)));

    /// <summary>The /metrics text of the process at <paramref name="host"/>, or null when none runs there.</summary>
    public string? Render(string host)
    {
        if (host == GatewayHost)
        {
            return MetricsText.Gateway(gateway);
        }

        var node = host.EndsWith(".sim", StringComparison.Ordinal) ? fleet.Find(host[..^4]) : null;
        return node is null ? null : MetricsText.Node(node, fleet.Shape);
    }
}
