using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary><c>slow_close {delay}</c> (ms): the end of the stream (FIN) is passed on <c>delay</c> after the source sent it.</summary>
internal sealed class SlowCloseToxic : IToxicKind
{
    public string Name => "slow_close";

    public JsonObject Normalize(JsonObject attributes) => new() { ["delay"] = ToxicAttributes.Whole(attributes, "delay", 0) };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        public override ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt) =>
            next.ForwardAsync(data, timestamp, interrupt);

        public override async ValueTask EndAsync(CancellationToken interrupt) =>
            await Context.WaitAsync(ToxicAttributes.Milliseconds(Definition.Attributes, "delay"), interrupt);
    }
}
