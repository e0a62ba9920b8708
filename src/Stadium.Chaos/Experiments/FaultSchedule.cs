namespace Stadium.Chaos.Experiments;

/// <summary>
/// Runs one step of the method against the load's clock: waits for its offset, runs the fault for its duration (it
/// reverts itself at the end and on cancellation), and checks the hypothesis halfway through. <see cref="Outcome"/> and
/// <see cref="During"/> hold what happened so far, also when the run was cancelled.
/// </summary>
internal sealed class FaultSchedule(MethodStep step, MethodFault fault, TimeProvider time)
{
    public MethodStep Step => step;

    public FaultOutcome Outcome { get; private set; } = new(step.Fault, step.Target, fault.Describe, null, null);

    public HypothesisCheck? During { get; private set; }

    public async Task RunAsync(DateTimeOffset loadStarted, Func<CancellationToken, Task<HypothesisCheck>> probe, CancellationToken ct)
    {
        var wait = loadStarted + step.At - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, ct).ConfigureAwait(false);
        }

        Outcome = Outcome with { StartedAt = time.GetUtcNow() };
        using var stopProbe = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var halfway = ProbeHalfwayAsync(probe, stopProbe.Token);
        try
        {
            await fault.RunAsync(ct).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            Outcome = Outcome with { Error = failure.Message };
        }
        finally
        {
            Outcome = Outcome with { EndedAt = time.GetUtcNow() };
        }

        // A fault that failed at once ends before its halfway point: there is no "during" to check then.
        await stopProbe.CancelAsync().ConfigureAwait(false);
        During = await halfway.ConfigureAwait(false);
    }

    private async Task<HypothesisCheck?> ProbeHalfwayAsync(Func<CancellationToken, Task<HypothesisCheck>> probe, CancellationToken ct)
    {
        try
        {
            await Task.Delay(step.Duration / 2, time, ct).ConfigureAwait(false);
            return await probe(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
    }
}
