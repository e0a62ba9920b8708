using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// A toxic as the API holds it: immutable, so a connection recognises a toxic it already runs by reference, and an
/// update is a new definition (run afresh on every connection, its toxicity decided again, as Toxiproxy does).
/// <paramref name="Attributes"/> hold every attribute of the kind, defaults filled in.
/// </summary>
internal sealed record ToxicDefinition(string Name, IToxicKind Kind, ToxicStream Stream, double Toxicity, JsonObject Attributes, double? Ttl)
{
    public string StreamName => Stream == ToxicStream.Upstream ? "upstream" : "downstream";
}
