using System.CommandLine;

namespace Stadium.Commands;

internal static class UpCommand
{
    public static Command Create()
    {
        var command = new Command("up", "Seed demo data and run one API node on the embedded default.");
        command.SetAction((_, _) => Task.FromResult(0));
        return command;
    }
}
