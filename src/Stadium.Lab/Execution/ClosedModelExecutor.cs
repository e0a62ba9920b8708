using Stadium.Lab.Measurement;

namespace Stadium.Lab.Execution;

/// <summary>
/// N users, each waiting for its answer and thinking before the next iteration; the user count follows
/// the phase's schedule (checked every 100 ms). In this model the intended start is the actual start,
/// so corrected and service times agree: that is the closed model's blind spot, and why it is labelled.
/// </summary>
internal sealed class ClosedModelExecutor(IWorkload workload, LoadMeasurements measurements, TimeProvider time, IterationBudget budget)
{
    private static readonly TimeSpan ControlInterval = TimeSpan.FromMilliseconds(100);
    private volatile int _target;

    public async Task RunAsync(PhasePlan phase, CancellationToken stopStarting, CancellationToken abort)
    {
        var schedule = phase.Users!;
        var users = new Task?[schedule.MaxUsers];
        using var phaseEnd = CancellationTokenSource.CreateLinkedTokenSource(stopStarting);
        var start = time.GetTimestamp();
        while (!phaseEnd.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(start);
            if (elapsed >= schedule.Duration)
            {
                break;
            }

            _target = schedule.UsersAt(elapsed);
            for (var i = 0; i < _target; i++)
            {
                if (users[i] is null || users[i]!.IsCompleted)
                {
                    users[i] = RunUserAsync(i, phase.Think, phaseEnd.Token, abort);
                }
            }

            try
            {
                var left = schedule.Duration - elapsed;
                await Task.Delay(left < ControlInterval ? left : ControlInterval, time, phaseEnd.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _target = 0;
        await phaseEnd.CancelAsync().ConfigureAwait(false);
        var running = users.Where(u => u is not null).Select(u => u!).ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(phase.GracefulStop, time, abort)).ConfigureAwait(false);
    }

    private async Task RunUserAsync(int user, ThinkTime think, CancellationToken phaseEnd, CancellationToken abort)
    {
        // Yield first so the controller can start every user before any of them sends.
        await Task.Yield();
        var random = new Random(user * 7919 + 17);
        while (!phaseEnd.IsCancellationRequested && user < _target && budget.TryTake())
        {
            measurements.Started();
            try
            {
                await workload.RunIterationAsync(new IterationContext(time.GetTimestamp(), user, user), abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception failure)
            {
                // Counted, and the user goes on: a failed iteration must neither vanish from the counts nor end the user
                // for the rest of the phase.
                measurements.IterationFailed(failure);
            }
            finally
            {
                measurements.Finished();
            }

            var pause = think.Next(random);
            if (pause > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(pause, time, phaseEnd).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
