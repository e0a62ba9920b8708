using Microsoft.Extensions.Time.Testing;
using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

/// <summary>
/// Iterations that end without an answer are counted, never lost. An iteration whose workload throws (a target that answers 200 with no tokens, say) is counted and shown; the
/// worker or user that ran it goes on. An exception that ended the worker or user for the rest of the phase would take
/// the iteration out of every count, and the run would "pass" having sent a fraction of its load.
/// </summary>
public class FailedIterationTests
{
    [Fact]
    public async Task Open_model_workers_survive_a_throwing_iteration_and_count_it()
    {
        var time = new FakeTimeProvider();
        var workload = new EveryOtherThrows();
        var measurements = new LoadMeasurements();
        var executor = new OpenModelExecutor(workload, measurements, time, IterationBudget.Unlimited);
        var phase = PhasePlan.ConstantRate("test", 100, TimeSpan.FromSeconds(1), maxInFlight: 2, gracefulStop: TimeSpan.FromSeconds(1));

        await RunUnderFakeClockAsync(time, executor.RunAsync(phase, CancellationToken.None, CancellationToken.None));

        Assert.Equal(100, workload.Calls);
        Assert.Equal(50, measurements.FailedIterations);
        Assert.Equal(0, measurements.DroppedIterations);
        Assert.Equal("InvalidDataException: login answered 200 without tokens", measurements.FirstIterationFailure);
    }

    [Fact]
    public async Task Closed_model_users_survive_a_throwing_iteration_and_count_it()
    {
        var time = new FakeTimeProvider();
        var workload = new EveryOtherThrows();
        var measurements = new LoadMeasurements();
        var executor = new ClosedModelExecutor(workload, measurements, time, IterationBudget.Unlimited);
        var think = new ThinkTime(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var phase = PhasePlan.ConstantUsers("test", 2, TimeSpan.FromSeconds(1), think, gracefulStop: TimeSpan.FromSeconds(1));

        await RunUnderFakeClockAsync(time, executor.RunAsync(phase, CancellationToken.None, CancellationToken.None));

        // Two users, one iteration per 100 ms of think time for a second: about ten each, half of them failing.
        Assert.InRange(workload.Calls, 16, 22);
        Assert.Equal((workload.Calls + 1) / 2, measurements.FailedIterations);
        Assert.Equal(0, measurements.InFlight);
    }

    [Fact]
    public async Task Iterations_still_running_when_the_grace_period_ends_are_counted_as_interrupted()
    {
        // A target that never answers: two workers start, eight arrivals wait and are dropped, and the two that
        // started are neither answered nor dropped: they are counted as interrupted, not left out of every count.
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource();
        var measurements = new LoadMeasurements();
        var executor = new OpenModelExecutor(new NeverAnswers(never.Task), measurements, time, IterationBudget.Unlimited);
        var phase = PhasePlan.ConstantRate("test", 10, TimeSpan.FromSeconds(1), maxInFlight: 2, gracefulStop: TimeSpan.FromMilliseconds(500));

        await RunUnderFakeClockAsync(time, executor.RunAsync(phase, CancellationToken.None, CancellationToken.None));
        var results = ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(1.5), [phase]), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);
        var console = new Spectre.Console.Testing.TestConsole();
        SummaryTable.Write(console, results);
        never.SetResult();

        Assert.Equal(0, results.Requests);
        Assert.Equal(8, results.DroppedIterations);
        Assert.Equal(2, results.InterruptedIterations);
        Assert.Contains("2 interrupted", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_and_summary_show_failed_iterations()
    {
        var measurements = new LoadMeasurements();
        measurements.IterationFailed(new InvalidDataException("first"));
        measurements.IterationFailed(new InvalidOperationException("second"));
        var results = ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(1), []), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);
        var console = new Spectre.Console.Testing.TestConsole();

        SummaryTable.Write(console, results);

        Assert.Equal(2, results.FailedIterations);
        Assert.Equal("InvalidDataException: first", results.FirstIterationFailure);
        Assert.Contains("2 iterations failed in the generator", console.Output, StringComparison.Ordinal);
    }

    private static async Task RunUnderFakeClockAsync(FakeTimeProvider time, Task run)
    {
        for (var step = 0; step < 2_000 && !run.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(5));
            await Task.Delay(1);
        }

        Assert.True(run.IsCompleted, "the executor did not finish under the fake clock");
        await run;
    }

    private sealed class NeverAnswers(Task never) : IWorkload
    {
        public void EnterPhase(int phaseIndex, PhasePlan phase)
        {
            // Nothing to prepare.
        }

        public async ValueTask RunIterationAsync(IterationContext context, CancellationToken ct) => await never.WaitAsync(ct);
    }

    private sealed class EveryOtherThrows : IWorkload
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public void EnterPhase(int phaseIndex, PhasePlan phase)
        {
            // Nothing to prepare.
        }

        public async ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
        {
            await Task.Yield();
            if (Interlocked.Increment(ref _calls) % 2 == 1)
            {
                throw new InvalidDataException("login answered 200 without tokens");
            }
        }
    }
}
