using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Executors;

/// <summary>What a phase runs with: the same for every phase of a run.</summary>
/// <param name="StopStarting">No new iteration starts once this is cancelled (the run's duration cap, Ctrl+C).</param>
/// <param name="Abort">Iterations still running are cancelled (the grace period is over).</param>
internal sealed record PhaseRun(
    IWorkload Workload, LoadMeasurements Measurements, TimeProvider Time, IterationBudget Budget, CancellationToken StopStarting, CancellationToken Abort)
{
    public Task OpenModelAsync(PhasePlan phase) =>
        new OpenModelExecutor(Workload, Measurements, Time, Budget).RunAsync(phase, StopStarting, Abort);

    public Task ClosedModelAsync(PhasePlan phase) =>
        new ClosedModelExecutor(Workload, Measurements, Time, Budget).RunAsync(phase, StopStarting, Abort);
}
