using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Stadium.Service.Platform;

/// <summary>
/// Client-facing wording for the framework's request-binding failures. Its own messages name CLR types and
/// handler parameters ("Implicit body inferred for parameter \"request\"..."), which are internals, not advice.
/// </summary>
internal static partial class RequestBinding
{
    /// <summary>The field a binding failure is about, in the API's camelCase, with a message for the client.</summary>
    public static (string Name, string Message)? Field(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => FromJsonPath(json),
        JsonException json => FromJsonPath(json),
        BadHttpRequestException bad when ParameterPattern().Match(bad.Message) is { Success: true } match && !IsBody(bad.Message) =>
            (JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value), "Missing or not in the expected format."),
        _ => null,
    };

    public static string Describe(BadHttpRequestException bad) => IsBody(bad.Message)
        ? "The request needs a JSON body."
        : ParameterPattern().IsMatch(bad.Message)
            ? "A query, route or header value is missing or not in the expected format."
            : "The request could not be read.";

    // "$.text" -> "text", "$.items[2].name" -> "items[2].name"; the root ("$") names no field.
    private static (string, string)? FromJsonPath(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal)
            ? (path[2..], "Has the wrong type or is not valid JSON.")
            : null;

    private static bool IsBody(string message) =>
        message.Contains("no body was provided", StringComparison.Ordinal) || message.Contains("from body", StringComparison.Ordinal)
        || message.Contains("request body", StringComparison.Ordinal);

    // The framework quotes parameters as "Type name" or "name".
    [GeneratedRegex("parameter \\\"(?:[^\\\"]+ )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\\\"")]
    private static partial Regex ParameterPattern();
}
