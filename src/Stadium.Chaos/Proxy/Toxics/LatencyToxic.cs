using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>latency {latency, jitter}</c> (ms): every chunk goes out <c>latency ± jitter</c> after it was read, measured from
/// its read, so a stream of chunks is delayed once, not once per chunk queued behind another.
/// </summary>
internal sealed class LatencyToxic : IToxicKind
{
    public string Name => "latency";

    public JsonObject Normalize(JsonObject attributes)
    {
        var latency = ToxicAttributes.Whole(attributes, "latency", 0);
        var jitter = ToxicAttributes.Whole(attributes, "jitter", 0);
        return new JsonObject { ["latency"] = latency, ["jitter"] = jitter };
    }

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        private readonly long _latency = definition.Attributes["latency"]!.GetValue<long>();
        private readonly long _jitter = definition.Attributes["jitter"]!.GetValue<long>();

        public override async ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt)
        {
            var delay = _latency + (_jitter > 0 ? Context.Random.NextInt64(-_jitter, _jitter + 1) : 0);
            await Context.WaitAsync(TimeSpan.FromMilliseconds(delay) - Context.Time.GetElapsedTime(timestamp), interrupt);
            await next.ForwardAsync(data, timestamp, interrupt);
        }
    }
}
