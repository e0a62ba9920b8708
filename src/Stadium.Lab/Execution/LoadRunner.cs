using Stadium.Lab.Executors;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Execution;

/// <summary>
/// Runs the phases one after another, each with its own executor, closes a timeline second every
/// second and reports it to the progress callback, and stops by itself at the run's limits.
/// </summary>
internal sealed class LoadRunner(TimeProvider time)
{
    public async Task<RunOutcome> RunAsync(
        IReadOnlyList<PhasePlan> phases,
        IWorkload workload,
        RunLimits limits,
        Action<SecondBucket, LoadMeasurements>? onSecond,
        CancellationToken ct)
    {
        var measurements = new LoadMeasurements();
        return await RunAsync(phases, workload, measurements, limits, onSecond, ct).ConfigureAwait(false);
    }

    public async Task<RunOutcome> RunAsync(
        IReadOnlyList<PhasePlan> phases,
        IWorkload workload,
        LoadMeasurements measurements,
        RunLimits limits,
        Action<SecondBucket, LoadMeasurements>? onSecond,
        CancellationToken ct)
    {
        var budget = new IterationBudget(limits.MaxIterations);
        using var stopStarting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stopStarting.CancelAfter(limits.MaxDuration);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var grace = phases.Count == 0 ? TimeSpan.Zero : phases.Max(p => p.GracefulStop);
        abort.CancelAfter(limits.MaxDuration + grace + TimeSpan.FromSeconds(1));

        var start = time.GetTimestamp();
        using var tickerStop = new CancellationTokenSource();
        var ticker = TickAsync(measurements, start, onSecond, tickerStop.Token);
        var run = new PhaseRun(workload, measurements, time, budget, stopStarting.Token, abort.Token);
        for (var index = 0; index < phases.Count; index++)
        {
            var phase = phases[index];
            if (stopStarting.IsCancellationRequested)
            {
                break;
            }

            measurements.EnterPhase(index, time.GetElapsedTime(start));
            workload.EnterPhase(index, phase);
            measurements.EnterPhase(phase.Name, time.GetElapsedTime(start));

            await phase.Executor.RunAsync(phase, run).ConfigureAwait(false);
        }

        var elapsed = time.GetElapsedTime(start);
        await tickerStop.CancelAsync().ConfigureAwait(false);
        await ticker.ConfigureAwait(false);

        // The tail since the last full second.
        var last = measurements.CloseSecond(time.GetElapsedTime(start));
        onSecond?.Invoke(last, measurements);
        return new RunOutcome(measurements, elapsed, phases);
    }

    private async Task TickAsync(LoadMeasurements measurements, long start, Action<SecondBucket, LoadMeasurements>? onSecond, CancellationToken stop)
    {
        var second = 1;
        while (!stop.IsCancellationRequested)
        {
            var due = TimeSpan.FromSeconds(second) - time.GetElapsedTime(start);
            try
            {
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, time, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var bucket = measurements.CloseSecond(time.GetElapsedTime(start));
            onSecond?.Invoke(bucket, measurements);
            second++;
        }
    }
}
