namespace Stadium.Chaos.Proxy;

/// <summary>
/// A direction's toxics in the order they were added, linked to the socket it writes to. Immutable: a change of
/// toxics builds a new chain and interrupts the old one, so a chunk held by a removed latency goes out at once.
/// </summary>
internal sealed class ToxicChain
{
    private readonly CancellationTokenSource _interrupt;

    public ToxicChain(ToxicStage[] stages, IChunkForwarder sink, CancellationToken closed)
    {
        Stages = stages;
        _interrupt = CancellationTokenSource.CreateLinkedTokenSource(closed);
        Interrupted = _interrupt.Token;
        var head = sink;
        for (var i = stages.Length - 1; i >= 0; i--)
        {
            head = new StageLink(stages[i], head);
        }

        Head = head;
    }

    public ToxicStage[] Stages { get; }

    public IChunkForwarder Head { get; }

    /// <summary>Fires when this chain is replaced or the connection closes.</summary>
    public CancellationToken Interrupted { get; }

    public void Interrupt() => _interrupt.Cancel();
}
