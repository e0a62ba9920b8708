using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>loss {probability, burst, mode, stall_ms}</c> (Stadium's, not Toxiproxy's): each segment (one read from the
/// source) is lost with <c>probability</c>, and once one is, the next <c>burst - 1</c> are too, as losses on a real link
/// come in runs. TCP never loses bytes on the way to an application: a lost segment is sent again after the
/// retransmission timeout, and everything behind it waits. So <c>stall</c> (the default) holds the segment, and the
/// stream behind it, for <c>stall_ms</c>, or when that is 0 for a time drawn between 200 ms (Linux's minimum
/// retransmission timeout) and 1 s (RFC 6298's initial one). <c>drop</c> discards the bytes: the peer's protocol sees a
/// corrupt stream, which tests its parser, not the network.
/// </summary>
internal sealed class LossToxic : IToxicKind
{
    private const long StallFloorMs = 200;
    private const long StallCeilingMs = 1000;

    public string Name => "loss";

    public JsonObject Normalize(JsonObject attributes) => new()
    {
        ["probability"] = ToxicAttributes.Number(attributes, "probability", 0, 0, 1),
        ["burst"] = ToxicAttributes.Whole(attributes, "burst", 1, min: 1),
        ["mode"] = ToxicAttributes.Choice(attributes, "mode", "stall", "stall", "drop"),
        ["stall_ms"] = ToxicAttributes.Whole(attributes, "stall_ms", 0),
    };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        private readonly double _probability = definition.Attributes["probability"]!.GetValue<double>();
        private readonly long _burst = definition.Attributes["burst"]!.GetValue<long>();
        private readonly bool _drop = definition.Attributes["mode"]!.GetValue<string>() == "drop";
        private readonly long _stallMs = definition.Attributes["stall_ms"]!.GetValue<long>();
        private long _burstLeft;

        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            if (_burstLeft > 0)
            {
                _burstLeft--;
            }
            else if (Context.Random.NextDouble() < _probability)
            {
                _burstLeft = _burst - 1;
            }
            else
            {
                await next.ForwardAsync(data, timestamp, interrupt);
                return;
            }

            if (_drop)
            {
                return;
            }

            var stall = _stallMs > 0 ? _stallMs : Context.Random.NextInt64(StallFloorMs, StallCeilingMs + 1);
            await Context.WaitAsync(TimeSpan.FromMilliseconds(stall), interrupt);
            await next.ForwardAsync(data, timestamp, interrupt);
        }
    }
}
