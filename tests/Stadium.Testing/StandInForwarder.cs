using System.Net;
using System.Net.Sockets;

namespace Stadium.Testing;

/// <summary>
/// One proxy of <see cref="ToxiproxyStandIn"/>: a plain TCP forwarder from its listen port to its upstream that counts
/// the connections it carried; disabled, it closes its listener and every open connection, as Toxiproxy does.
/// </summary>
public sealed class StandInForwarder(string name, IPEndPoint listen, IPEndPoint upstream) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;
    private int _connections;

    public string Name { get; } = name;

    public IPEndPoint Listen { get; } = listen;

    public IPEndPoint Upstream { get; } = upstream;

    public bool Enabled => _listener is not null;

    /// <summary>Connections accepted and forwarded so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public void Enable()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new TcpListener(Listen);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _ = AcceptAsync(_listener);
        }
    }

    public void Disable()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Disable();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient downstream;
            try
            {
                downstream = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = ForwardAsync(downstream);
        }
    }

    private async Task ForwardAsync(TcpClient downstream)
    {
        using var upstream = new TcpClient();
        lock (_gate)
        {
            _open.Add(downstream);
            _open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(Upstream);
            var down = downstream.GetStream();
            var up = upstream.GetStream();
            // Either side closing ends both: the other copy then fails on its disposed socket.
            await Task.WhenAny(down.CopyToAsync(up), up.CopyToAsync(down));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The client, the server or a Disable closed the connection.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(downstream);
                _open.Remove(upstream);
            }

            downstream.Dispose();
        }
    }
}
