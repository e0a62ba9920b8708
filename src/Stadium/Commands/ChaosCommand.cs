using System.CommandLine;

namespace Stadium.Commands;

/// <summary><c>stadium chaos ...</c>: practise failure on a Stadium cluster or data tier.</summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var command = new Command("chaos", "Practise failure: a fault proxy, faults by hand, experiments.");
        command.Subcommands.Add(ChaosFaultCommand.Create());
        return command;
    }
}
