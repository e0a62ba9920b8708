using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>bandwidth {rate}</c> (KB/s, 1 KB = 1000 bytes as in Toxiproxy; 0: no limit): each chunk waits its size over the
/// rate before it goes on, in slices of at most 100 ms of data so a large read trickles instead of arriving in one step.
/// </summary>
internal sealed class BandwidthToxic : IToxicKind
{
    public string Name => "bandwidth";

    public JsonObject Normalize(JsonObject attributes) => new() { ["rate"] = ToxicAttributes.Whole(attributes, "rate", 0) };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        // Bytes per millisecond.
        private readonly long _rate = definition.Attributes["rate"]!.GetValue<long>();

        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            if (_rate <= 0)
            {
                await next.ForwardAsync(data, timestamp, interrupt);
                return;
            }

            var slice = (int)Math.Min(int.MaxValue, _rate * 100);
            while (data.Length > 0)
            {
                var piece = data[..Math.Min(slice, data.Length)];
                if (!await Context.WaitAsync(TimeSpan.FromMilliseconds((double)piece.Length / _rate), interrupt))
                {
                    piece = data;
                }

                await next.ForwardAsync(piece, timestamp, interrupt);
                data = data[piece.Length..];
            }
        }
    }
}
