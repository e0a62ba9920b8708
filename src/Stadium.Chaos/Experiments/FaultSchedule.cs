using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Runs one step of the method against the load's clock: waits for its offset, starts the fault, checks the hypothesis
/// halfway through, and reverts it at the end of its duration, or at once when the run is cancelled. The revert runs
/// with a token of its own, because it is exactly what must still happen after Ctrl+C or SIGTERM. <see cref="Record"/>
/// and <see cref="During"/> hold what happened so far, also when the run was cancelled.
/// </summary>
internal sealed class FaultSchedule(MethodStep step, IFault fault, TimeProvider time)
{
    private static readonly TimeSpan RevertTimeout = TimeSpan.FromSeconds(30);

    public MethodStep Step => step;

    public FaultRecord Record { get; private set; } = new(step.Fault, step.Target, fault.Describe, null, null);

    public HypothesisCheck? During { get; private set; }

    public async Task RunAsync(DateTimeOffset loadStarted, Func<CancellationToken, Task<HypothesisCheck>> probe, CancellationToken ct)
    {
        var wait = loadStarted + step.At - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }

        Record = Record with { StartedAt = time.GetUtcNow() };
        try
        {
            await fault.StartAsync(ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Record = Record with { EndedAt = time.GetUtcNow(), Error = $"could not start: {failure.Message}" };
            return;
        }

        try
        {
            await Task.Delay(step.Duration / 2, time, ct).ConfigureAwait(false);
            During = await probe(ct).ConfigureAwait(false);
            var rest = Record.StartedAt!.Value + step.Duration - time.GetUtcNow();
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            using var revert = new CancellationTokenSource(RevertTimeout);
            try
            {
                await fault.RevertAsync(revert.Token).ConfigureAwait(false);
                Record = Record with { EndedAt = time.GetUtcNow() };
            }
            catch (Exception failure)
            {
                Record = Record with { EndedAt = time.GetUtcNow(), Error = $"could not revert: {failure.Message}" };
            }
        }
    }
}
