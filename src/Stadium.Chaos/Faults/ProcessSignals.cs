using Stadium.Infra;

namespace Stadium.Chaos.Faults;

/// <summary>Signals a target's processes: a node is one process; a PostgreSQL server is its postmaster and every process it forked.</summary>
internal static class ProcessSignals
{
    /// <summary>
    /// Signals the target and returns the pids signalled. For PostgreSQL the postmaster goes first, so it forks nothing
    /// more, then its children, looking again until no new one appears (a backend forked in between would otherwise be
    /// missed and keep answering).
    /// </summary>
    public static IReadOnlyList<int> Send(ProcessTarget target, int signal)
    {
        var signalled = new List<int>();
        if (!UnixProcess.Signal(target.Pid, signal))
        {
            return signalled;
        }

        signalled.Add(target.Pid);
        if (target.IsPostgres)
        {
            while (UnixProcess.ChildrenOf(target.Pid).Except(signalled).ToList() is { Count: > 0 } missed)
            {
                foreach (var pid in missed.Where(p => UnixProcess.Signal(p, signal)))
                {
                    signalled.Add(pid);
                }

                if (missed.All(signalled.Contains) is false)
                {
                    break;
                }
            }
        }

        return signalled;
    }

    /// <summary>Signals each pid that is still alive.</summary>
    public static void Send(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids.Where(UnixProcess.IsAlive))
        {
            UnixProcess.Signal(pid, signal);
        }
    }

    public static string Join(IEnumerable<int> pids) => string.Join(',', pids);

    public static IEnumerable<int> Split(string? pids) =>
        (pids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
}
