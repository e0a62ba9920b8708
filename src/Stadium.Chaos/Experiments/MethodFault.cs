using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// One step's fault, run whole by <see cref="RunAsync"/>: started, held for the step's duration, and reverted at its end
/// or at once when the run is cancelled. The shape of running a fault through the fault runner
/// (<c>ct => runner.RunAsync(spec, ct)</c>, which also records it for the next run to undo) as of a bare
/// <see cref="IFault"/> (<see cref="Timed"/>).
/// </summary>
internal sealed class MethodFault(string describe, Func<CancellationToken, Task> run)
{
    private static readonly TimeSpan RevertTimeout = TimeSpan.FromSeconds(30);

    public string Describe => describe;

    public Task RunAsync(CancellationToken ct) => run(ct);

    /// <summary>Starts <paramref name="fault"/>, waits <paramref name="duration"/>, and reverts it on a token of its own: the revert is what must still happen after Ctrl+C or SIGTERM.</summary>
    public static MethodFault Timed(IFault fault, TimeSpan duration, TimeProvider time) => new(fault.Describe, async ct =>
    {
        try
        {
            await fault.StartAsync(ct).ConfigureAwait(false);
            await Task.Delay(duration, time, ct).ConfigureAwait(false);
        }
        finally
        {
            using var revert = new CancellationTokenSource(RevertTimeout);
            await fault.RevertAsync(revert.Token).ConfigureAwait(false);
        }
    });
}
