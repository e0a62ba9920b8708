using System.Text.Json;

namespace Stadium.Gateway.Dashboard;

/// <summary>
/// One line of the autoscaler's decisions.jsonl, as the page marks it: when, which target, from how many replicas to how
/// many, and the signal that drove it with the reason. <see cref="Applied"/> is passed on as written.
/// </summary>
internal sealed record ScalingDecision(
    DateTimeOffset At, string Target, int? Current, int? Desired, JsonElement? Applied, string? Signal, string? Reason);
