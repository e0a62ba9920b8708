using System.Net.Sockets;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// One accepted client and its own connection to the upstream, piped both ways through the proxy's toxics. It ends
/// when both directions have ended, or at once when a toxic (or the proxy being disabled) closes or resets it.
/// </summary>
internal sealed class ProxyConnection : IConnectionControl
{
    private readonly Socket _client;
    private readonly Socket _upstream;
    private readonly StreamPump _toUpstream;
    private readonly StreamPump _toClient;
    private readonly CancellationTokenSource _closed = new();
    private int _ended;

    public ProxyConnection(Socket client, Socket upstream, TimeProvider time, IReadOnlyList<ToxicDefinition> toxics)
    {
        _client = client;
        _upstream = upstream;
        var context = new StageContext(time, this, Random.Shared);
        _toUpstream = new StreamPump(ToxicStream.Upstream, client, upstream, context);
        _toClient = new StreamPump(ToxicStream.Downstream, upstream, client, context);
        Apply(toxics);
    }

    public CancellationToken Closed => _closed.Token;

    public async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(_toUpstream.RunAsync(), _toClient.RunAsync());
        }
        finally
        {
            Close();
        }
    }

    public void Apply(IReadOnlyList<ToxicDefinition> toxics)
    {
        _toUpstream.Apply(toxics);
        _toClient.Apply(toxics);
    }

    public void Close() => End(reset: false);

    public void Reset() => End(reset: true);

    private void End(bool reset)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return;
        }

        _toUpstream.Stop();
        _toClient.Stop();
        foreach (var socket in new[] { _client, _upstream })
        {
            try
            {
                if (reset)
                {
                    // Linger 0: close discards what is unsent and answers with RST instead of FIN.
                    socket.LingerState = new LingerOption(true, 0);
                }
                else
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already gone on that side.
            }

            socket.Dispose();
        }

        _closed.Cancel();
    }
}
