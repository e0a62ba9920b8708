using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>slicer {average_size, size_variation, delay}</c>: each chunk goes out in pieces of <c>average_size ±
/// size_variation</c> bytes, <c>delay</c> microseconds apart (Toxiproxy's unit), as a congested path delivers a write.
/// </summary>
internal sealed class SlicerToxic : IToxicKind
{
    public string Name => "slicer";

    public JsonObject Normalize(JsonObject attributes)
    {
        var average = ToxicAttributes.Whole(attributes, "average_size", 0);
        if (average < 1)
        {
            throw ProxyApiException.BadRequest("attribute average_size must be at least 1 (bytes per piece)");
        }

        var variation = ToxicAttributes.Whole(attributes, "size_variation", 0);
        if (variation >= average)
        {
            throw ProxyApiException.BadRequest("attribute size_variation must be less than average_size");
        }

        return new JsonObject { ["average_size"] = average, ["size_variation"] = variation, ["delay"] = ToxicAttributes.Whole(attributes, "delay", 0) };
    }

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        private readonly int _average = (int)Math.Min(int.MaxValue, definition.Attributes["average_size"]!.GetValue<long>());
        private readonly int _variation = (int)Math.Min(int.MaxValue, definition.Attributes["size_variation"]!.GetValue<long>());
        private readonly TimeSpan _delay = TimeSpan.FromMicroseconds(definition.Attributes["delay"]!.GetValue<long>());

        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            while (data.Length > 0)
            {
                var size = Math.Max(1, _average + (_variation > 0 ? Context.Random.Next(-_variation, _variation + 1) : 0));
                var piece = data[..Math.Min(size, data.Length)];
                await next.ForwardAsync(piece, timestamp, interrupt);
                data = data[piece.Length..];
                if (data.Length > 0 && !await Context.WaitAsync(_delay, interrupt))
                {
                    await next.ForwardAsync(data, timestamp, interrupt);
                    return;
                }
            }
        }
    }
}
