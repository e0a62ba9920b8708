using System.CommandLine;

namespace Stadium.Commands;

/// <summary><c>stadium chaos</c>: practise failure (the fault proxy, faults by hand, experiments); see docs/chaos.md.</summary>
internal static class ChaosCommand
{
    public static Command Create() => new("chaos", "Practise failure: a fault proxy with Toxiproxy's API, faults by hand and experiments with a verdict.")
    {
        ChaosProxyCommand.Create(),
        ChaosFaultCommand.Create(),
        ChaosRunCommand.Create(),
    };
}
