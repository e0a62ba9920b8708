namespace Stadium.Chaos.Proxy;

/// <summary>One link of a direction's chain: its stage, then whatever follows.</summary>
internal sealed class StageLink(ToxicStage stage, IChunkForwarder next) : IChunkForwarder
{
    public ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, CancellationToken interrupt) =>
        stage.ForwardAsync(data, timestamp, next, interrupt);
}
