using System.Net;
using System.Net.Sockets;

namespace Stadium.Infra;

/// <summary>Picks TCP ports on 127.0.0.1 that nothing listens on.</summary>
public static class FreePort
{
    /// <summary>
    /// Lets the kernel pick an unused port from its ephemeral range (never a fixed one such as 8080).
    /// The port is free when this returns; another process could still take it before the server binds,
    /// which on a test machine is rare enough that the server's own "address in use" error suffices.
    /// </summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
