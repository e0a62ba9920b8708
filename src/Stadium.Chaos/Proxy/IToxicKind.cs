using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// One toxic type (<c>latency</c>, <c>loss</c>, ...): its attributes and what it does to a connection. Each kind is an
/// <c>internal sealed</c> class in Toxics/, listed once in <see cref="ToxicKinds"/>.
/// </summary>
internal interface IToxicKind
{
    /// <summary>The API's <c>type</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The attributes checked, with every one present (defaults where missing). Throws
    /// <see cref="ProxyApiException"/> (400) naming the attribute that is wrong.
    /// </summary>
    JsonObject Normalize(JsonObject attributes);

    /// <summary>The toxic at work on one direction of one connection.</summary>
    ToxicStage CreateStage(ToxicDefinition definition, StageContext context);
}
