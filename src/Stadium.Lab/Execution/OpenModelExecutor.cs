using Stadium.Lab.Measurement;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Execution;

/// <summary>
/// Starts iterations on the arrival schedule whatever the server does. The dispatcher sleeps to the
/// next due arrival (timer granularity is about a millisecond, as in wrk2) and then starts every
/// arrival that is due, stamped with its intended time; a late wake-up therefore shows up in the
/// corrected latency instead of silently thinning the load.
/// </summary>
public sealed class OpenModelExecutor(IWorkload workload, LoadMeasurements measurements, TimeProvider time, IterationBudget budget)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);
    private long _outstanding;

    public async Task RunAsync(PhasePlan phase, CancellationToken stopStarting, CancellationToken abort)
    {
        var pacer = new ArrivalPacer(phase.Arrivals!, time, time.GetTimestamp());
        while (!pacer.Finished && !stopStarting.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            while (pacer.TryTakeDue(now, out var intended))
            {
                if (Interlocked.Read(ref _outstanding) >= phase.MaxInFlight || !budget.TryTake())
                {
                    measurements.Dropped();
                    continue;
                }

                Interlocked.Increment(ref _outstanding);
                _ = RunOneAsync(new IterationContext(intended, -1), abort);
            }

            var wait = pacer.UntilNext(time.GetTimestamp());
            if (wait is null)
            {
                break;
            }

            try
            {
                await Task.Delay(wait.Value > MinimumSleep ? wait.Value : MinimumSleep, time, stopStarting).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await DrainAsync(phase.GracefulStop, abort).ConfigureAwait(false);
    }

    private async Task RunOneAsync(IterationContext context, CancellationToken abort)
    {
        measurements.Started();
        try
        {
            await workload.RunIterationAsync(context, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Cut off by the end of the run's grace period; nothing to record.
        }
        finally
        {
            measurements.Finished();
            Interlocked.Decrement(ref _outstanding);
        }
    }

    private async Task DrainAsync(TimeSpan grace, CancellationToken abort)
    {
        var deadline = time.GetTimestamp() + (long)(grace.TotalSeconds * time.TimestampFrequency);
        while (Interlocked.Read(ref _outstanding) > 0 && time.GetTimestamp() < deadline && !abort.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), time, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
