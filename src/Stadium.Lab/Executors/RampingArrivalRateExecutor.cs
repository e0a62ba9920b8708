using Stadium.Lab.Execution;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Executors;

/// <summary><c>ramping-arrival-rate</c>: from <c>startRate</c>, the rate moves linearly to each stage's target over its duration.</summary>
internal sealed class RampingArrivalRateExecutor : ILoadExecutor
{
    public string Name => "ramping-arrival-rate";

    public IReadOnlyList<string> Aliases => [];

    public bool IsOpen => true;

    public IReadOnlyList<string> Keys => ["startRate", "stages", "maxInFlight", "gracefulStop"];

    public PhasePlan Plan(PhaseFile spec, PhaseSettings settings)
    {
        var start = InputCheck.RateOrZero(spec.StartRate ?? 0, $"{settings.Name}: startRate");
        var arrivals = new ArrivalSchedule(start, PhaseStages.Read(spec, settings.Name, Name, InputCheck.RateOrZero));
        return new PhasePlan(settings.Name, this, arrivals, null, settings.MaxInFlight, ThinkTime.None, settings.GracefulStop);
    }

    public Task RunAsync(PhasePlan phase, PhaseRun run) => run.OpenModelAsync(phase);
}
