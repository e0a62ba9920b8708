using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Stadium.Gateway.Destinations;

/// <summary>One version of the gateway's routes and cluster; <see cref="Retire"/> tells YARP a newer one is ready.</summary>
internal sealed class GatewayProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    public IReadOnlyList<RouteConfig> Routes => routes;

    public IReadOnlyList<ClusterConfig> Clusters => clusters;

    public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

    public void Retire() => _changed.Cancel();
}
