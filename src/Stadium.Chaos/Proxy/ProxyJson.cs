using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>Toxiproxy's JSON shapes; Stadium's extension <c>ttl</c> appears only when set.</summary>
internal static class ProxyJson
{
    public static JsonObject Proxy(FaultProxy proxy)
    {
        var json = new JsonObject
        {
            ["name"] = proxy.Name,
            ["listen"] = proxy.Listen,
            ["upstream"] = proxy.Upstream,
            ["enabled"] = proxy.Enabled,
            ["toxics"] = Toxics(proxy.Toxics),
        };
        if (proxy.DisabledTtl is { } ttl)
        {
            json["ttl"] = ttl;
        }

        return json;
    }

    public static JsonArray Toxics(IEnumerable<ToxicDefinition> toxics) => [.. toxics.Select(Toxic)];

    public static JsonObject Toxic(ToxicDefinition toxic)
    {
        var json = new JsonObject
        {
            ["name"] = toxic.Name,
            ["type"] = toxic.Kind.Name,
            ["stream"] = toxic.StreamName,
            ["toxicity"] = toxic.Toxicity,
            ["attributes"] = toxic.Attributes.DeepClone(),
        };
        if (toxic.Ttl is { } ttl)
        {
            json["ttl"] = ttl;
        }

        return json;
    }
}
