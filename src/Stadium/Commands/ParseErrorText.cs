using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace Stadium.Commands;

/// <summary>
/// A parse error in words: "--port: 'abc' is not a whole number" where System.CommandLine would say
/// "Cannot parse argument 'abc' for option '--port' as expected type 'System.Int32'".
/// </summary>
internal static partial class ParseErrorText
{
    public static string Describe(ParseError error)
    {
        switch (error.SymbolResult)
        {
            // Only the parser's own type error is reworded; a range check's or a custom parser's message stands
            // (--node-memory 12Q is "not a size such as 512M", not "not a whole number" because sizes are longs).
            case OptionResult { Option: var option } result when TypeError(error) && Mismatch(option.ValueType, result.Tokens) is { } mismatch:
                return $"{option.Name}: {mismatch}";
            case ArgumentResult { Argument: var argument } result when TypeError(error) && Mismatch(argument.ValueType, result.Tokens) is { } mismatch:
                return $"<{argument.Name}>: {mismatch}";
            default:
                // Whatever else (an unknown option, a range check) without a type name, should one still appear.
                return TypeName().Replace(error.Message, "");
        }
    }

    private static bool TypeError(ParseError error) => error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal);

    private static string? Mismatch(Type type, IReadOnlyList<Token> tokens)
    {
        var element = type.IsArray ? type.GetElementType()! : type;
        return tokens.Select(t => ValueWords.Mismatch(element, t.Value)).FirstOrDefault(m => m is not null);
    }

    [GeneratedRegex(@" as expected type '[^']*'")]
    private static partial Regex TypeName();
}
