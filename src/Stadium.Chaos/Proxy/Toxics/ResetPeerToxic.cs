using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>reset_peer {timeout}</c> (ms): once data arrives, the connection is reset (TCP RST, "connection reset by peer")
/// <c>timeout</c> later; the data is discarded. Removing the toxic in between leaves the connection alone.
/// </summary>
internal sealed class ResetPeerToxic : IToxicKind
{
    public string Name => "reset_peer";

    public JsonObject Normalize(JsonObject attributes) => new() { ["timeout"] = ToxicAttributes.Whole(attributes, "timeout", 0) };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            try
            {
                await Task.Delay(ToxicAttributes.Milliseconds(Definition.Attributes, "timeout"), Context.Time, Removed);
                Context.Connection.Reset();
            }
            catch (OperationCanceledException)
            {
                // Removed while waiting: the chunk it held is gone, as in Toxiproxy, the connection stays.
            }
        }
    }
}
