using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary><c>limit_data {bytes}</c>: the connection is closed once <c>bytes</c> have gone through in the toxic's direction.</summary>
internal sealed class LimitDataToxic : IToxicKind
{
    public string Name => "limit_data";

    public JsonObject Normalize(JsonObject attributes) => new() { ["bytes"] = ToxicAttributes.Whole(attributes, "bytes", 0) };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        private readonly long _limit = definition.Attributes["bytes"]!.GetValue<long>();
        private long _passed;

        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            var allowed = (int)Math.Min(data.Length, _limit - _passed);
            if (allowed > 0)
            {
                await next.ForwardAsync(data[..allowed], timestamp, interrupt);
                _passed += allowed;
            }

            if (_passed >= _limit)
            {
                Context.Connection.Close();
            }
        }
    }
}
