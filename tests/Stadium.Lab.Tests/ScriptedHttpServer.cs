using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadium.Lab.Tests;

/// <summary>What the scripted server does with the n-th request (0-based, counted over all connections).</summary>
/// <param name="Parts">Written one after another with a short pause between, so the client sees separate reads.</param>
/// <param name="CloseAfter">Closes the connection after writing.</param>
/// <param name="Silent">Writes nothing and keeps the connection open (a hung server).</param>
public sealed record ScriptedReply(string[] Parts, bool CloseAfter = false, bool Silent = false)
{
    public static ScriptedReply Ok(string body = "ok", params string[] extraHeaders) =>
        new([$"HTTP/1.1 200 OK\r\n{string.Concat(extraHeaders.Select(h => h + "\r\n"))}Content-Length: {body.Length}\r\n\r\n{body}"]);
}

/// <summary>
/// A loopback TCP server that answers each HTTP request (a GET with no body: everything up to the
/// blank line) with whatever the script says: exact bytes, split writes, closes, silence or garbage.
/// It also records the request bytes it received.
/// </summary>
public sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<int, ScriptedReply> _script;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _requests;
    private int _accepted;

    public ScriptedHttpServer(Func<int, ScriptedReply> script)
    {
        _script = script;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/path?q=1");

    public int Requests => Volatile.Read(ref _requests);

    public int Accepted => Volatile.Read(ref _accepted);

    public StringBuilder Received { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _connections]).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                lock (_connections)
                {
                    _connections.Add(ServeAsync(client));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        var buffer = new byte[8192];
        var pending = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await client.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                var text = Encoding.ASCII.GetString(buffer, 0, read);
                lock (Received)
                {
                    Received.Append(text);
                }

                pending.Append(text);
                int end;
                while ((end = pending.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) >= 0)
                {
                    pending.Remove(0, end + 4);
                    var reply = _script(Interlocked.Increment(ref _requests) - 1);
                    if (reply.Silent)
                    {
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                    }

                    for (var i = 0; i < reply.Parts.Length; i++)
                    {
                        if (i > 0)
                        {
                            await Task.Delay(5, _stop.Token);
                        }

                        await client.SendAsync(Encoding.ASCII.GetBytes(reply.Parts[i]), SocketFlags.None, _stop.Token);
                    }

                    if (reply.CloseAfter)
                    {
                        client.Shutdown(SocketShutdown.Both);
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the client went away.
        }
    }
}
