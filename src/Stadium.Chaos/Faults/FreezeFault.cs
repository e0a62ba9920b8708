using Stadium.Infra;

namespace Stadium.Chaos.Faults;

/// <summary>
/// <c>freeze</c>: SIGSTOP for the duration, then SIGCONT. Connections to a frozen process stay open and nothing answers,
/// the way a hung machine or a long GC pause behaves, which a refused connection does not show.
/// </summary>
internal sealed class FreezeFault(FaultSpec spec, ProcessTarget target) : IFault
{
    private const string Pids = "pids";

    public string Describe => $"SIGSTOP {target.Name} (pid {target.Pid}) for {spec.Duration.TotalSeconds:0.#} s";

    public Task StartAsync(CancellationToken ct)
    {
        spec.State[Pids] = ProcessSignals.Join(ProcessSignals.Send(target, UnixProcess.SigStop));
        return Task.CompletedTask;
    }

    /// <summary>SIGCONT to every process frozen (SIGCONT to one that runs does nothing).</summary>
    public Task RevertAsync(CancellationToken ct)
    {
        ProcessSignals.Send(ProcessSignals.Split(spec.State.GetValueOrDefault(Pids)).Append(target.Pid).Distinct(), UnixProcess.SigCont);
        return Task.CompletedTask;
    }
}
