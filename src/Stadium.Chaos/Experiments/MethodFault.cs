using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// One step's fault, run whole: started, held for the step's duration, and reverted at its end or at once when the run
/// is cancelled (the revert on a token of its own: it is what must still happen after Ctrl+C or SIGTERM). The same
/// shape as running a fault through the fault runner, which also records it for the next run to undo.
/// </summary>
internal sealed class MethodFault(IFault fault, TimeSpan duration, TimeProvider time)
{
    private static readonly TimeSpan RevertTimeout = TimeSpan.FromSeconds(30);

    public string Describe => fault.Describe;

    public async Task RunAsync(CancellationToken ct)
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
    }
}
