using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Stadium.Chaos.Proxy;

/// <summary>Reads the API's JSON bodies; a body that is not JSON, or a field of the wrong kind, is a 400 naming it.</summary>
internal static class RequestFields
{
    public static async Task<JsonNode?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw ProxyApiException.BadRequest($"bad request body: {e.Message}");
        }
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request) =>
        await ReadAsync(request) as JsonObject ?? throw ProxyApiException.BadRequest("bad request body: expected a JSON object");

    public static string? Text(JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => throw ProxyApiException.BadRequest($"bad request body: {key} must be a string, not {other.ToJsonString()}"),
    };

    public static string Required(JsonObject body, string key) =>
        Text(body, key) is { Length: > 0 } text ? text : throw ProxyApiException.BadRequest($"missing required field: {key}");

    public static bool? Flag(JsonObject body, string key) => body[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        var other => throw ProxyApiException.BadRequest($"bad request body: {key} must be true or false, not {other.ToJsonString()}"),
    };

    public static double? Number(JsonObject body, string key, double min, double max) => body[key] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() is var number && number >= min && number <= max => number,
        var other => throw ProxyApiException.BadRequest($"bad request body: {key} must be a number from {min} to {max}, not {other.ToJsonString()}"),
    };

    /// <summary>A TTL in seconds: more than 0, at most a day (a fault meant to end by itself).</summary>
    public static double? Ttl(JsonObject body) => body["ttl"] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() is > 0 and <= 86_400 and var ttl => ttl,
        var other => throw ProxyApiException.BadRequest($"bad request body: ttl must be a number of seconds above 0 and at most 86400, not {other.ToJsonString()}"),
    };

    public static ProxyInput Proxy(JsonObject body) =>
        new(Required(body, "name"), Text(body, "listen"), Required(body, "upstream"), Flag(body, "enabled") ?? true);
}
