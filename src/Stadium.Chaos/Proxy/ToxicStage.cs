namespace Stadium.Chaos.Proxy;

/// <summary>
/// A toxic at work on one direction of one connection, from the moment it is added (or the connection opens) until it
/// is removed (<see cref="Stop"/>) or the connection closes. Holds the per-connection state (bytes counted, bursts).
/// </summary>
internal abstract class ToxicStage(ToxicDefinition definition, StageContext context)
{
    private readonly CancellationTokenSource _removed = new();

    public ToxicDefinition Definition { get; } = definition;

    protected StageContext Context { get; } = context;

    /// <summary>Cancelled when the toxic leaves this connection (removed, updated, or the proxy reset).</summary>
    protected CancellationToken Removed => _removed.Token;

    /// <summary>Starts what the toxic does without data (a timeout's close), after the stage joined the chain.</summary>
    public virtual void Start()
    {
    }

    public void Stop() => _removed.Cancel();

    /// <summary>Does the toxic's work on one chunk read from the source, then passes what is left to <paramref name="next"/>.</summary>
    public abstract ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt);

    /// <summary>The source ended its stream (FIN); completes when the end may be passed on.</summary>
    public virtual ValueTask EndAsync(CancellationToken interrupt) => ValueTask.CompletedTask;
}
