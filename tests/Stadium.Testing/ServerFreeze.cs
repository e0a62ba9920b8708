using System.Diagnostics;
using System.Globalization;
using Stadium.Infra;

namespace Stadium.Testing;

/// <summary>
/// A PostgreSQL server frozen with SIGSTOP, postmaster and every process it started (backends, WAL sender and
/// receiver, startup): connections stay open and nothing answers, the way a hung machine behaves, which a refused
/// connection does not show. Disposing sends SIGCONT.
/// </summary>
public sealed class ServerFreeze : IDisposable
{
    private readonly List<int> _processes;
    private int _thawed;

    private ServerFreeze(List<int> processes) => _processes = processes;

    /// <summary>
    /// Stops the postmaster first, so it forks nothing more, then its children, looking again until no new one
    /// appears: children listed before the postmaster stopped would miss a backend it forked in between (a connection
    /// being opened right then), and that one backend, left answering, made the replica look alive to its monitor.
    /// </summary>
    public static ServerFreeze Start(int postmaster)
    {
        var freeze = new ServerFreeze([postmaster]);
        Signal("STOP", [postmaster]);
        while (UnixProcess.ChildrenOf(postmaster).Except(freeze._processes).ToList() is { Count: > 0 } missed)
        {
            Signal("STOP", missed);
            freeze._processes.AddRange(missed);
        }

        return freeze;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _thawed, 1) == 0)
        {
            Signal("CONT", _processes);
        }
    }

    private static void Signal(string signal, List<int> processes)
    {
        using var kill = Process.Start("kill", [$"-{signal}", .. processes.Select(p => p.ToString(CultureInfo.InvariantCulture))]);
        kill.WaitForExit();
    }
}
