using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>A toxic from the API's JSON, with Toxiproxy's defaults: stream downstream, toxicity 1, name <c>type_stream</c>.</summary>
internal static class ToxicRequest
{
    public static ToxicDefinition Create(JsonObject body)
    {
        var kind = ToxicKinds.Find(RequestFields.Text(body, "type"));
        var stream = Stream(RequestFields.Text(body, "stream") ?? "downstream");
        var name = RequestFields.Text(body, "name") is { Length: > 0 } given ? given : $"{kind.Name}_{(stream == ToxicStream.Upstream ? "upstream" : "downstream")}";
        var toxicity = RequestFields.Number(body, "toxicity", 0, 1) ?? 1;
        return new ToxicDefinition(name, kind, stream, toxicity, kind.Normalize(Attributes(body)), RequestFields.Ttl(body));
    }

    /// <summary>Toxiproxy's update: the given attributes over the current ones, toxicity if given; name, type and stream stay.</summary>
    public static ToxicDefinition Update(ToxicDefinition current, JsonObject body)
    {
        var attributes = (JsonObject)current.Attributes.DeepClone();
        foreach (var (key, value) in Attributes(body))
        {
            attributes[key] = value?.DeepClone();
        }

        return current with
        {
            Toxicity = RequestFields.Number(body, "toxicity", 0, 1) ?? current.Toxicity,
            Attributes = current.Kind.Normalize(attributes),
            Ttl = body.ContainsKey("ttl") ? RequestFields.Ttl(body) : current.Ttl,
        };
    }

    private static ToxicStream Stream(string stream) => stream switch
    {
        "upstream" => ToxicStream.Upstream,
        "downstream" => ToxicStream.Downstream,
        _ => throw ProxyApiException.BadRequest($"stream was invalid, can be either upstream or downstream (not '{stream}')"),
    };

    private static JsonObject Attributes(JsonObject body) => body["attributes"] switch
    {
        null => [],
        JsonObject attributes => attributes,
        var other => throw ProxyApiException.BadRequest($"bad request body: attributes must be an object, not {other.ToJsonString()}"),
    };
}
