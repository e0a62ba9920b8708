using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy.Toxics;

/// <summary>
/// <c>timeout {timeout}</c> (ms): no data gets through (it is discarded) and the connection is closed <c>timeout</c>
/// after the toxic took hold of it; 0 holds it open, silent, until the toxic is removed.
/// </summary>
internal sealed class TimeoutToxic : IToxicKind
{
    public string Name => "timeout";

    public JsonObject Normalize(JsonObject attributes) => new() { ["timeout"] = ToxicAttributes.Whole(attributes, "timeout", 0) };

    public ToxicStage CreateStage(ToxicDefinition definition, StageContext context) => new Stage(definition, context);

    private sealed class Stage(ToxicDefinition definition, StageContext context) : ToxicStage(definition, context)
    {
        public override void Start()
        {
            var timeout = ToxicAttributes.Milliseconds(Definition.Attributes, "timeout");
            if (timeout > TimeSpan.Zero)
            {
                _ = CloseAfterAsync(timeout);
            }
        }

        public override ValueTask ForwardAsync(ReadOnlyMemory<byte> data, long timestamp, IChunkForwarder next, CancellationToken interrupt) =>
            ValueTask.CompletedTask;

        private async Task CloseAfterAsync(TimeSpan timeout)
        {
            try
            {
                await Task.Delay(timeout, Context.Time, Removed);
                Context.Connection.Close();
            }
            catch (OperationCanceledException)
            {
                // Removed before its time: the connection carries data again.
            }
        }
    }
}
