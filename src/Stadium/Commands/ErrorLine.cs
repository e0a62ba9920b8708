using System.CommandLine;
using System.CommandLine.Parsing;

namespace Stadium.Commands;

/// <summary>
/// The one error line every verb writes: <c>stadium &lt;verb&gt;: &lt;what is wrong&gt; (see --help)</c> on stderr, the verb
/// being the whole path (<c>stadium work dead:</c>). No type names, no stack traces.
/// </summary>
internal static class ErrorLine
{
    public static Task WriteAsync(ParseResult parse, string problem, bool seeHelp = true)
    {
        var text = problem.Trim().TrimEnd('.');
        return Console.Error.WriteLineAsync(seeHelp ? $"{Verb(parse)}: {text} (see --help)" : $"{Verb(parse)}: {text}");
    }

    /// <summary>
    /// An unforeseen failure in words: its message and its causes' ("Failed to connect to 127.0.0.1:5432: Connection
    /// refused"), without wrappers that say nothing ("One or more errors occurred") and without type names.
    /// </summary>
    public static string Explain(Exception e)
    {
        var messages = new List<string>();
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            if (current is not AggregateException && message.Length > 0 && !messages.Any(m => m.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return messages.Count > 0 ? string.Join(": ", messages) : "failed";
    }

    /// <summary>"stadium work dead": the root's own name is the executable's, so it is written as "stadium".</summary>
    public static string Verb(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command && command.Parent is not null; result = command.Parent)
        {
            names.Add(command.Command.Name);
        }

        names.Add("stadium");
        names.Reverse();
        return string.Join(' ', names);
    }
}
