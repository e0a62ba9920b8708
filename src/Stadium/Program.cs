using System.CommandLine;
using Microsoft.Extensions.Options;
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
};

// System.CommandLine's default gives a verb 2 s after SIGTERM/Ctrl+C before the process exits, which would cut
// off in-flight requests and running jobs; the hosts drain for up to 20 s (HostOptions.ShutdownTimeout) and jobs
// for Stadium:Jobs:DrainTimeout, so the verb gets longer to finish by itself.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(45), EnableDefaultExceptionHandler = false };
try
{
    return await root.Parse(args).InvokeAsync(invocation);
}
catch (UnknownProviderException e)
{
    // A configuration naming a backend that does not exist: one line, like every other CLI misuse.
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}
catch (Exception e) when (BadSettings(e) is { Count: > 0 } failures)
{
    // A setting out of range or not of its type: one line per bad setting, each naming its key.
    foreach (var failure in failures)
    {
        await Console.Error.WriteLineAsync($"error: {failure}");
    }

    return 1;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"Unhandled exception: {e}");
    return 1;
}

// Every options class failing its checks at start (several at once arrive as one AggregateException), and the
// binder's "Failed to convert configuration value 'abc' at 'Stadium:...' to type ...", which names key and value.
static List<string> BadSettings(Exception e) => e switch
{
    OptionsValidationException invalid => [.. invalid.Failures],
    InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" } => [e.Message],
    AggregateException all when all.InnerExceptions.All(inner => BadSettings(inner).Count > 0) => [.. all.InnerExceptions.SelectMany(BadSettings)],
    _ => [],
};
