using System.Threading.Channels;
using Stadium.Lab.Measurement;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Execution;

/// <summary>
/// Starts iterations on the arrival schedule whatever the server does. The dispatcher sleeps to the
/// next due arrival and queues every arrival that is due, stamped with its intended time. On the real
/// clock it is a dedicated thread that sleeps with sub-millisecond precision (nanosleep), so arrivals
/// start within tens of microseconds of their time; .NET's timers (a
/// millisecond granularity, then a thread-pool hop) would make every corrected latency ~2.5 ms too high
/// (bench/RESULTS.md, "Open-model dispatch floor"). Any other TimeProvider (a fake clock in tests)
/// sleeps on its timers. A pool of workers (k6's pre-allocated VUs, grown on
/// demand up to MaxInFlight) takes them in order: an arrival that waits for a free worker keeps its
/// intended time, so the wait shows up in the corrected latency instead of silently thinning the load,
/// while the service time starts only when the request is really sent (wrk2's two figures).
/// </summary>
internal sealed class OpenModelExecutor(IWorkload workload, LoadMeasurements measurements, TimeProvider time, IterationBudget budget)
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(1);

    private static readonly TimeSpan LongestSleep = TimeSpan.FromMilliseconds(50);

    /// <summary>The real-clock dispatcher's shortest nap: above ~5,000 arrivals/s they go out in batches, each at most this late.</summary>
    private static readonly TimeSpan ShortestSleep = TimeSpan.FromMicroseconds(200);

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

            // A write runs a waiting worker's continuation right there on the dispatcher, up to the iteration's first
            // real wait (the request written, its answer pending), instead of waking a thread-pool thread for every
            // arrival: on the dedicated dispatcher thread that wake costs more CPU than the request itself.
            AllowSynchronousContinuations = true,
        });
        var pacer = new ArrivalPacer(phase.Arrivals!, time, time.GetTimestamp());
        if (ReferenceEquals(time, TimeProvider.System))
        {
            await OnDedicatedThreadAsync(() => DispatchOnTimeline(pacer, queue, phase, stopStarting, abort)).ConfigureAwait(false);
        }
        else
        {
            await DispatchWithTimersAsync(pacer, queue, phase, stopStarting, abort).ConfigureAwait(false);
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

    /// <summary>Any clock (a fake one in tests): sleeps on the TimeProvider's timers, about a millisecond coarse.</summary>
    private async Task DispatchWithTimersAsync(ArrivalPacer pacer, Channel<long> queue, PhasePlan phase, CancellationToken stopStarting, CancellationToken abort)
    {
        while (!pacer.Finished && !stopStarting.IsCancellationRequested)
        {
            QueueDue(pacer, queue, phase, abort);
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
    }

    /// <summary>
    /// The real clock: a dedicated thread sleeps until the next arrival with sub-millisecond precision, so arrivals
    /// are handed out within tens of microseconds of their time instead of a timer tick plus a thread-pool hop later.
    /// </summary>
    private void DispatchOnTimeline(ArrivalPacer pacer, Channel<long> queue, PhasePlan phase, CancellationToken stopStarting, CancellationToken abort)
    {
        while (!pacer.Finished && !stopStarting.IsCancellationRequested)
        {
            QueueDue(pacer, queue, phase, abort);
            var wait = pacer.UntilNext(time.GetTimestamp());
            if (wait is null)
            {
                break;
            }

            var due = time.GetTimestamp() + (long)(wait.Value.TotalSeconds * time.TimestampFrequency);
            while (!stopStarting.IsCancellationRequested)
            {
                var remaining = time.GetElapsedTime(time.GetTimestamp(), due);
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                // No spinning (it would take a core from the target), and never a nap shorter than ShortestSleep: at high rates
                // arrivals go out in small batches, each at most that late, with fewer wake-ups (about 10 % less CPU per
                // request at 30,000/s than without the floor). Re-checks the stop signal at least every LongestSleep.
                PreciseSleep.For(TimeSpan.FromTicks(Math.Clamp(remaining.Ticks, ShortestSleep.Ticks, LongestSleep.Ticks)));
            }
        }
    }

    private static Task OnDedicatedThreadAsync(Action dispatch)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                dispatch();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "stadium load dispatcher",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Queues every arrival that is due, stamped with its intended time, and grows the worker pool when none is idle.</summary>
    private void QueueDue(ArrivalPacer pacer, Channel<long> queue, PhasePlan phase, CancellationToken abort)
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
    }

    private async Task WorkAsync(ChannelReader<long> queue, int worker, CancellationToken abort)
    {
        // Yield so starting a worker never runs an iteration on the dispatcher's stack; later arrivals run their first
        // synchronous part there (see AllowSynchronousContinuations), which is short: it ends at the first real wait.
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
                catch (Exception failure)
                {
                    // Counted, and the worker goes on: an exception that ended it (its task faulted, awaited by nobody with a
                    // throw) would take the iteration out of every count and leave the pool a worker short for the rest of the run.
                    measurements.IterationFailed(failure);
                }
                finally
                {
                    measurements.Finished();
                }
            }
        }
    }
}
