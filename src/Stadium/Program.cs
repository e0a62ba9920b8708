using System.CommandLine;
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
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"Unhandled exception: {e}");
    return 1;
}
