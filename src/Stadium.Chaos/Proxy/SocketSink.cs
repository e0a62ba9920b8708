using System.Net.Sockets;

namespace Stadium.Chaos.Proxy;

/// <summary>The end of a chain: writes what the toxics let through to the direction's target socket.</summary>
internal sealed class SocketSink(Socket target, CancellationToken closed) : IChunkForwarder
{
    public async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, CancellationToken interrupt)
    {
        while (data.Length > 0)
        {
            var sent = await target.SendAsync(data, SocketFlags.None, closed);
            data = data[sent..];
        }
    }
}
