using System.Net;
using System.Net.Sockets;

namespace Stadium.Infra;

/// <summary>Picks TCP ports on 127.0.0.1 that nothing listens on.</summary>
internal static class FreePort
{
    /// <summary>
    /// Below Linux's ephemeral range (32768-60999), which outgoing connections draw from: a port picked
    /// there could be taken by any client's connection before the server binds it. Nothing but another
    /// listener takes a port from this range, and it holds no well-known service port such as 8080.
    /// </summary>
    private const int LowestPort = 20000;
    private const int HighestPort = 32767;
    private const int Attempts = 200;

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A random port that binds now and that this process has not handed out before. Another launcher
    /// could still bind it before our server does; that is rare enough for the server's own
    /// "address in use" error to suffice.
    /// </summary>
    public static int Pick()
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, HighestPort + 1);
            lock (HandedOut)
            {
                if (!HandedOut.Contains(port) && CanBind(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InfraCommandException($"no free port on 127.0.0.1 between {LowestPort} and {HighestPort} after {Attempts} tries");
    }

    /// <summary>
    /// The ports from <paramref name="first"/> on, <paramref name="count"/> of them, all free now; otherwise an error
    /// naming the first one taken (checked before anything is created, so nothing is left to clean up).
    /// </summary>
    public static int[] Consecutive(int first, int count)
    {
        if (first < 1 || first + count - 1 > 65535)
        {
            throw new PortTakenException($"--base-port {first} leaves no room for {count} ports (1 to 65535)");
        }

        var ports = Enumerable.Range(first, count).ToArray();
        foreach (var port in ports)
        {
            if (!CanBind(port))
            {
                throw new PortTakenException($"port {port} on 127.0.0.1 is already in use; choose another --base-port (it needs {count} free ports from {first})");
            }
        }

        return ports;
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

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
