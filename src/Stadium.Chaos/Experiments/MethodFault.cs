namespace Stadium.Chaos.Experiments;

/// <summary>
/// One step's fault, run whole by <see cref="RunAsync"/>: started, held for the step's duration, and reverted at its end
/// or at once when the run is cancelled (<c>ct => runner.RunAsync(spec, ct)</c> of <see cref="Faults.FaultRunner"/>,
/// which also records it for the next run to undo).
/// </summary>
internal sealed class MethodFault(string describe, Func<CancellationToken, Task> run)
{
    public string Describe => describe;

    public Task RunAsync(CancellationToken ct) => run(ct);
}
