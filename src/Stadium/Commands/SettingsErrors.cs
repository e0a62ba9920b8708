using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Stadium.Commands;

/// <summary>
/// Settings that failed their checks at start, one message per bad key: every options class's failures (several at
/// once arrive as one AggregateException), and the binder's "Failed to convert configuration value 'abc' at
/// 'Stadium:...' to type 'System.Int32'", reworded as "Stadium:...: 'abc' is not a whole number".
/// </summary>
internal static partial class SettingsErrors
{
    public static List<string> Describe(Exception e) => e switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } => [Reword(e.Message)],
        AggregateException all when all.InnerExceptions.All(inner => Describe(inner).Count > 0) => [.. all.InnerExceptions.SelectMany(Describe)],
        _ => [],
    };

    private static string Reword(string message) =>
        BinderFailure().Match(message) is { Success: true } failure
            ? $"{failure.Groups["key"].Value}: '{failure.Groups["value"].Value}' is not {ValueWords.WordsForTypeName(failure.Groups["type"].Value) ?? "a value of the expected kind"}"
            : message;

    [GeneratedRegex(@"value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial Regex BinderFailure();
}
