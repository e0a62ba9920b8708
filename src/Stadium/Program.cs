using System.CommandLine;
using System.CommandLine.Help;
using Stadium.Commands;
using Stadium.Data.Providers;

// Each verb lives in Commands/<Verb>Command.cs; this file is only the table of contents.
var root = new RootCommand("Stadium: a social-feed backend for one million users, with the lab that proves it.")
{
    UpCommand.Create(),
    ServeCommand.Create(),
    SeedCommand.Create(),
    TokensCommand.Create(),
    CeilingCommand.Create(),
    InfraCommand.Create(),
    LoadCommand.Create(),
    WorkCommand.Create(),
    AutoscaleCommand.Create(),
    TopCommand.Create(),
    GatewayCommand.Create(),
    ClusterCommand.Create(),
    ChaosCommand.Create(),
    RehearseCommand.Create(),
    PlanCommand.Create(),
    SimulateCommand.Create(),
};

// System.CommandLine's default gives a verb 2 s after SIGTERM/Ctrl+C before the process exits, which would cut
// off in-flight requests and running jobs; the hosts drain for up to 20 s (HostOptions.ShutdownTimeout) and jobs
// for Stadium:Jobs:DrainTimeout, so the verb gets longer to finish by itself.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(45), EnableDefaultExceptionHandler = false };
var parse = root.Parse(args);

// Every error, the parser's own included, is one line `stadium <verb>: <what is wrong> (see --help)` (ErrorLine), with
// the exit codes of ExitCodes; the parser's default would print its message with type names and then the whole help.
if (parse.Errors is [var first, ..] && parse.Action is not HelpAction)
{
    // "Unrecognized command or argument 'x'" says more than "Required command was not provided" for `stadium x`.
    var unmatched = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)));
    await ErrorLine.WriteAsync(parse, ParseErrorText.Describe(unmatched ?? first));
    return ExitCodes.BadUsage;
}

// A hidden verb (tokens, ceiling: lab tools) is left out of the root's list, but System.CommandLine's help writes nothing
// at all for one; its own --help must still say how to use it.
if (parse.Action is HelpAction && parse.CommandResult.Command is { Hidden: true } hidden)
{
    hidden.Hidden = false;
}

try
{
    return await parse.InvokeAsync(invocation);
}
catch (UsageException e)
{
    await ErrorLine.WriteAsync(parse, e.Message);
    return ExitCodes.BadUsage;
}
catch (UnknownProviderException e)
{
    // A configuration naming a backend that does not exist.
    await ErrorLine.WriteAsync(parse, e.Message);
    return ExitCodes.BadUsage;
}
catch (Exception e) when (SettingsErrors.Describe(e) is { Count: > 0 } failures)
{
    // A setting out of range or not of its type: one line per bad setting, each naming its key.
    foreach (var failure in failures)
    {
        await ErrorLine.WriteAsync(parse, failure);
    }

    return ExitCodes.BadUsage;
}
catch (OperationCanceledException)
{
    await ErrorLine.WriteAsync(parse, "interrupted", seeHelp: false);
    return ExitCodes.Interrupted;
}
catch (Exception e)
{
    // A failure nobody foresaw: its message and causes, without the stack (a host logs its own failures in full).
    await ErrorLine.WriteAsync(parse, ErrorLine.Explain(e), seeHelp: false);
    return ExitCodes.Failed;
}
