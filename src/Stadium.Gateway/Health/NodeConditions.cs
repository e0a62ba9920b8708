using System.Collections.Concurrent;

namespace Stadium.Gateway.Health;

/// <summary>
/// Which nodes last answered their readiness probe "Degraded" (a 200: the node serves, but under memory pressure or
/// with a dependency down). A degraded node keeps the clients that have an affinity with it and takes no new ones
/// while another node is fine: it recovers without a stampede, and sticky clients do not lose their warm caches for a
/// passing pressure.
/// </summary>
internal sealed class NodeConditions
{
    private readonly ConcurrentDictionary<string, bool> _degraded = new(StringComparer.OrdinalIgnoreCase);

    public bool IsDegraded(string node) => _degraded.GetValueOrDefault(node);

    public void Set(string node, bool degraded) => _degraded[node] = degraded;
}
