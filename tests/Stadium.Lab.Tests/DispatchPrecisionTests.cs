using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

/// <summary>
/// On the real clock, open-model arrivals start within a fraction of a millisecond of their intended time: the
/// dispatcher's own wake-up must not put a floor under every corrected latency (.NET timers gave ~2.5 ms).
/// Runs alone (the end-to-end collection), since it measures the machine's scheduling.
/// </summary>
[Collection(nameof(EndToEndCollection))]
public sealed class DispatchPrecisionTests
{
    [Fact]
    public async Task Arrivals_start_within_a_fraction_of_a_millisecond_of_their_time()
    {
        var workload = new StartRecorder();
        var executor = new OpenModelExecutor(workload, new LoadMeasurements(), TimeProvider.System, IterationBudget.Unlimited);

        await executor.RunAsync(PhasePlan.ConstantRate("precision", 200, TimeSpan.FromSeconds(1), 100, TimeSpan.FromSeconds(1)), CancellationToken.None, CancellationToken.None);

        var lateness = workload.LatenessMs.Order().ToArray();
        Assert.Equal(200, lateness.Length);
        Assert.True(lateness[0] >= 0, $"an arrival started {-lateness[0]:0.###} ms early");
        Assert.True(lateness[lateness.Length / 2] < 1.0, $"median start {lateness[lateness.Length / 2]:0.###} ms after the intended time");
    }

    private sealed class StartRecorder : IWorkload
    {
        private readonly Lock _lock = new();

        public List<double> LatenessMs { get; } = [];

        public void EnterPhase(int phaseIndex, PhasePlan phase)
        {
            // Nothing to prepare.
        }

        public ValueTask RunIterationAsync(IterationContext context, CancellationToken ct)
        {
            var lateness = TimeProvider.System.GetElapsedTime(context.IntendedTimestamp).TotalMilliseconds;
            lock (_lock)
            {
                LatenessMs.Add(lateness);
            }

            return ValueTask.CompletedTask;
        }
    }
}
