using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stadium.Chaos.Tests.Proxy;

/// <summary>A client socket connected through a proxy, with the measurements the toxic tests make.</summary>
internal sealed class TestPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    private TestPeer()
    {
    }

    public Socket Socket => _socket;

    public static async Task<TestPeer> ConnectAsync(string address)
    {
        var peer = new TestPeer();
        await peer._socket.ConnectAsync(IPEndPoint.Parse(address));
        return peer;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.ASCII.GetBytes(text));

    public async Task SendAsync(byte[] data) => await _socket.SendAsync(data, SocketFlags.None);

    /// <summary>Sends <paramref name="text"/> to the echo server and waits for all of it back; the time it took.</summary>
    public async Task<TimeSpan> RoundTripAsync(string text = "ping")
    {
        var clock = Stopwatch.StartNew();
        await SendAsync(text);
        var received = await ReceiveAsync(text.Length, TimeSpan.FromSeconds(20));
        Assert.Equal(text, Encoding.ASCII.GetString(received));
        return clock.Elapsed;
    }

    /// <summary>Reads until <paramref name="count"/> bytes came, the stream ended or <paramref name="timeout"/> passed.</summary>
    public async Task<byte[]> ReceiveAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var received = new List<byte>();
        var buffer = new byte[64 * 1024];
        try
        {
            while (received.Count < count)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return [.. received];
    }

    /// <summary>The sizes of the reads until the stream ends or <paramref name="count"/> bytes came.</summary>
    public async Task<List<int>> ReadSizesAsync(int count, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var sizes = new List<int>();
        var buffer = new byte[64 * 1024];
        while (sizes.Sum() < count)
        {
            var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            if (read == 0)
            {
                break;
            }

            sizes.Add(read);
        }

        return sizes;
    }

    /// <summary>How the stream ends within <paramref name="timeout"/>: "eof", "reset", "open" (nothing yet) or "data".</summary>
    public async Task<string> EndingAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        try
        {
            return await _socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token) == 0 ? "eof" : "data";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return "reset";
        }
        catch (OperationCanceledException)
        {
            return "open";
        }
    }

    public void Dispose() => _socket.Dispose();
}
