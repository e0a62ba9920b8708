using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadium.Chaos.Proxy;

/// <summary>Reads one attribute of a toxic, its default when absent; a value of the wrong kind or range is a 400 naming it.</summary>
internal static class ToxicAttributes
{
    public static long Whole(JsonObject attributes, string key, long fallback, long min = 0, long max = long.MaxValue)
    {
        if (attributes[key] is not { } node)
        {
            return fallback;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && Read(value) is { } number
            && number == Math.Floor(number) && number >= min && number <= max)
        {
            return (long)number;
        }

        throw ProxyApiException.BadRequest($"attribute {key} must be a whole number from {min}{(max == long.MaxValue ? " up" : $" to {max}")}, not {node.ToJsonString()}");
    }

    public static double Number(JsonObject attributes, string key, double fallback, double min, double max)
    {
        if (attributes[key] is not { } node)
        {
            return fallback;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && Read(value) is { } number && number >= min && number <= max)
        {
            return number;
        }

        throw ProxyApiException.BadRequest($"attribute {key} must be a number from {min} to {max}, not {node.ToJsonString()}");
    }

    public static string Choice(JsonObject attributes, string key, string fallback, params string[] choices)
    {
        if (attributes[key] is not { } node)
        {
            return fallback;
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var text) && choices.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        throw ProxyApiException.BadRequest($"attribute {key} must be one of {string.Join(", ", choices)}, not {node.ToJsonString()}");
    }

    /// <summary>The number a value holds, whether it came from a request's JSON or was stored as a long or double.</summary>
    private static double? Read(JsonValue value) =>
        double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>Milliseconds as a duration.</summary>
    public static TimeSpan Milliseconds(JsonObject attributes, string key) => TimeSpan.FromMilliseconds(attributes[key]!.GetValue<long>());
}
