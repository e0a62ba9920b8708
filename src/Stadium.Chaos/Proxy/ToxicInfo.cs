using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>
/// A toxic (Toxiproxy's shape): <see cref="Stream"/> is <c>upstream</c> (client to server) or <c>downstream</c>,
/// <see cref="Toxicity"/> the share of connections it applies to, <see cref="Ttl"/> (Stadium's) the seconds after which
/// the proxy removes it by itself. An empty <see cref="Name"/> on creation becomes <c>type_stream</c>.
/// </summary>
public sealed record ToxicInfo(string Name, string Type, string Stream, double Toxicity, JsonObject Attributes, double? Ttl = null)
{
    /// <summary>A toxic for the whole connection's share, one way, with its attributes and an optional TTL.</summary>
    public static ToxicInfo Of(string type, string stream, JsonObject attributes, TimeSpan? ttl = null, string name = "") =>
        new(name, type, stream, 1, attributes, ttl?.TotalSeconds);
}
