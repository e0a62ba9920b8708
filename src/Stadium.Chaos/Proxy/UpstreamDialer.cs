using System.Net;
using System.Net.Sockets;

namespace Stadium.Chaos.Proxy;

/// <summary>Opens a proxy's connection to its upstream for one accepted client, the host resolved anew each time.</summary>
internal static class UpstreamDialer
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The connected socket, or null when the upstream refuses, is unreachable or does not answer in 10 s.</summary>
    public static async Task<Socket?> ConnectAsync(string upstream)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            var (host, port) = ProxyAddress.Upstream(upstream);
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            await socket.ConnectAsync(new DnsEndPoint(host, port), timeout.Token);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ProxyApiException)
        {
            socket.Dispose();
            return null;
        }
    }
}
