namespace Stadium.Chaos.Proxy;

/// <summary>The next step for a chunk: the next toxic of the chain, or the socket the direction writes to.</summary>
internal interface IChunkForwarder
{
    /// <summary>
    /// Passes <paramref name="data"/> on; completes once the data is written or dropped further down. The data is only
    /// valid until then. <paramref name="interrupt"/> fires when the connection's toxics change.
    /// </summary>
    ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, CancellationToken interrupt);
}
