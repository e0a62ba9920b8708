using System.Threading.Channels;
using Stadium.Lab.Measurement;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Execution;

/// <summary>
/// Starts iterations on the arrival schedule whatever the server does. The dispatcher sleeps to the
/// next due arrival (timer granularity is about a millisecond, as in wrk2) and queues every arrival
/// that is due, stamped with its intended time. A pool of workers (k6's pre-allocated VUs, grown on
/// demand up to MaxInFlight) takes them in order: an arrival that waits for a free worker keeps its
/// intended time, so the wait shows up in the corrected latency instead of silently thinning the load,
/// while the service time starts only when the request is really sent (wrk2's two figures).
/// </summary>
public sealed class OpenModelExecutor(IWorkload workload, LoadMeasurements measurements, TimeProvider time, IterationBudget budget)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    /// <summary>Arrivals allowed to wait for a worker before further ones are dropped (and counted).</summary>
    private const int MaxBacklog = 200_000;

    private readonly List<Task> _workers = [];
    private int _idle;

    public async Task RunAsync(PhasePlan phase, CancellationToken stopStarting, CancellationToken abort)
    {
        var queue = Channel.CreateBounded<long>(new BoundedChannelOptions(MaxBacklog)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            SingleReader = false,
        });
        var pacer = new ArrivalPacer(phase.Arrivals!, time, time.GetTimestamp());
        while (!pacer.Finished && !stopStarting.IsCancellationRequested)
        {
            var now = time.GetTimestamp();
            while (pacer.TryTakeDue(now, out var intended))
            {
                if (!budget.TryTake() || !queue.Writer.TryWrite(intended))
                {
                    measurements.Dropped();
                    continue;
                }

                if (Volatile.Read(ref _idle) == 0 && _workers.Count < phase.MaxInFlight)
                {
                    _workers.Add(WorkAsync(queue.Reader, _workers.Count, abort));
                }
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

        queue.Writer.Complete();
        await Task.WhenAny(Task.WhenAll(_workers), Task.Delay(phase.GracefulStop, time, abort)).ConfigureAwait(false);

        // Arrivals still waiting for a worker when the grace period ends were scheduled and never sent (the target
        // could not keep up): they are counted as dropped, never silently forgotten, and no worker starts them later.
        while (queue.Reader.TryRead(out _))
        {
            measurements.Dropped();
        }
    }

    private async Task WorkAsync(ChannelReader<long> queue, int worker, CancellationToken abort)
    {
        // Yield so the dispatcher never runs an iteration on its own stack.
        await Task.Yield();
        while (true)
        {
            Interlocked.Increment(ref _idle);
            bool more;
            try
            {
                more = await queue.WaitToReadAsync(abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _idle);
            }

            if (!more)
            {
                return;
            }

            while (queue.TryRead(out var intended))
            {
                if (abort.IsCancellationRequested)
                {
                    return;
                }

                measurements.Started();
                try
                {
                    await workload.RunIterationAsync(new IterationContext(intended, -1, worker), abort).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    return;
                }
                finally
                {
                    measurements.Finished();
                }
            }
        }
    }
}
