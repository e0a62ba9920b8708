using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// One direction of a proxied connection: a reader that takes chunks off the source socket as they come (each stamped
/// with its arrival) and a writer that runs them through the direction's toxics to the target. The two are decoupled by
/// a bounded queue, so a latency toxic delays every chunk by its latency from its own arrival, and a slow writer pushes
/// back on the source through TCP instead of buffering without end.
/// </summary>
internal sealed class StreamPump
{
    private const int ChunkSize = 16 * 1024;

    // 128 chunks of up to 16 KiB: 2 MiB at most held per direction, enough for a database link under seconds of latency.
    private const int QueuedChunks = 128;

    private readonly ToxicStream _stream;
    private readonly Socket _source;
    private readonly Socket _target;
    private readonly StageContext _context;
    private readonly SocketSink _sink;
    private readonly Channel<PumpChunk> _chunks = Channel.CreateBounded<PumpChunk>(new BoundedChannelOptions(QueuedChunks) { SingleReader = true, SingleWriter = true });
    private readonly Lock _gate = new();
    private ToxicChain _chain;
    private bool _stopped;

    public StreamPump(ToxicStream stream, Socket source, Socket target, StageContext context)
    {
        _stream = stream;
        _source = source;
        _target = target;
        _context = context;
        _sink = new SocketSink(target, context.Connection.Closed);
        _chain = new ToxicChain([], _sink, context.Connection.Closed);
    }

    public Task RunAsync() => Task.WhenAll(ReadAsync(), WriteAsync());

    /// <summary>
    /// Takes the proxy's toxics as they now are: a toxic already running here keeps its stage (and state), a new or
    /// updated one gets a fresh stage, applied with its toxicity's chance, decided here once for this connection.
    /// </summary>
    public void Apply(IReadOnlyList<ToxicDefinition> toxics)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var old = _chain;
            var mine = toxics.Where(t => t.Stream == _stream).ToArray();
            var stages = new ToxicStage[mine.Length];
            var added = new List<ToxicStage>();
            for (var i = 0; i < mine.Length; i++)
            {
                stages[i] = old.Stages.FirstOrDefault(s => ReferenceEquals(s.Definition, mine[i])) ?? Create(mine[i], added);
            }

            foreach (var gone in old.Stages.Except(stages))
            {
                gone.Stop();
            }

            _chain = new ToxicChain(stages, _sink, _context.Connection.Closed);
            old.Interrupt();
            foreach (var stage in added)
            {
                stage.Start();
            }
        }
    }

    /// <summary>Stops every stage for good: the connection is closing.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            foreach (var stage in _chain.Stages)
            {
                stage.Stop();
            }
        }
    }

    private ToxicStage Create(ToxicDefinition definition, List<ToxicStage> added)
    {
        var stage = _context.Random.NextDouble() < definition.Toxicity ? definition.Kind.CreateStage(definition, _context) : new PassThroughStage(definition, _context);
        added.Add(stage);
        return stage;
    }

    private async Task ReadAsync()
    {
        var closed = _context.Connection.Closed;
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                var read = await _source.ReceiveAsync(buffer, SocketFlags.None, closed);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                await _chunks.Writer.WriteAsync(new PumpChunk(buffer, read, _context.Time.GetTimestamp()), closed);
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The source reset its connection: the other peer learns it the same way.
            _context.Connection.Reset();
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _context.Connection.Close();
        }
        finally
        {
            _chunks.Writer.TryComplete();
        }
    }

    private async Task WriteAsync()
    {
        var closed = _context.Connection.Closed;
        try
        {
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(closed))
            {
                try
                {
                    var chain = Volatile.Read(ref _chain);
                    await chain.Head.ForwardAsync(chunk.Buffer.AsMemory(0, chunk.Length), chunk.Timestamp, chain.Interrupted);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk.Buffer);
                }
            }

            var end = Volatile.Read(ref _chain);
            foreach (var stage in end.Stages)
            {
                await stage.EndAsync(end.Interrupted);
            }

            _target.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _context.Connection.Close();
        }
    }
}
