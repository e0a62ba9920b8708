namespace Stadium.Chaos.Proxy;

/// <summary>A toxic this connection drew out of (its toxicity decided per connection, as Toxiproxy does): data passes untouched.</summary>
internal sealed class PassThroughStage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
{
    public override ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt) =>
        next.ForwardAsync(data, timestamp, interrupt);
}
