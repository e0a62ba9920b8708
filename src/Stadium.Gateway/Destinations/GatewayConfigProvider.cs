using Microsoft.Extensions.Options;
using Stadium.Gateway.Options;
using Yarp.ReverseProxy.Configuration;

namespace Stadium.Gateway.Destinations;

/// <summary>
/// The gateway's destinations as YARP reads them: the static list, or the cluster file's nodes as
/// <see cref="ClusterFileFollower"/> last read them. A change swaps the config and signals YARP, which applies it
/// without a restart (requests in flight keep the destination they have).
/// </summary>
internal sealed class GatewayConfigProvider : IProxyConfigProvider
{
    private readonly GatewayOptions _options;
    private readonly Lock _lock = new();
    private GatewayProxyConfig _current;
    private IReadOnlyList<NodeEntry> _nodes;

    public GatewayConfigProvider(IOptions<GatewayOptions> options)
    {
        _options = options.Value;
        _nodes = string.IsNullOrWhiteSpace(_options.ClusterFile)
            ? [.. _options.Destinations.Select((url, i) => new NodeEntry($"node-{i + 1}", url, Draining: false))]
            : ClusterFileReader.TryRead(_options.ClusterFile) ?? [];
        _current = Build(_nodes);
    }

    /// <summary>The nodes in the config YARP has now.</summary>
    public IReadOnlyList<NodeEntry> Nodes => _nodes;

    public IProxyConfig GetConfig() => _current;

    /// <summary>Applies a new set of nodes; nothing happens when it is the same set.</summary>
    public void Update(IReadOnlyList<NodeEntry> nodes)
    {
        GatewayProxyConfig old;
        lock (_lock)
        {
            if (nodes.OrderBy(n => n.Name, StringComparer.Ordinal).SequenceEqual(_nodes.OrderBy(n => n.Name, StringComparer.Ordinal)))
            {
                return;
            }

            old = _current;
            _nodes = nodes;
            _current = Build(nodes);
        }

        old.Retire();
    }

    private GatewayProxyConfig Build(IReadOnlyList<NodeEntry> nodes) => new(ProxyShape.Routes(), [ProxyShape.Cluster(_options, nodes)]);
}
