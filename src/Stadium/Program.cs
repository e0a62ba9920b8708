using System.CommandLine;
using Stadium.Commands;

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

return await root.Parse(args).InvokeAsync();
