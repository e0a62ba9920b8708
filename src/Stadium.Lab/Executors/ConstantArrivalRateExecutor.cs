using Stadium.Lab.Execution;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Executors;

/// <summary><c>constant-arrival-rate</c>: <c>rate</c> iterations per second for the phase's duration, whatever the server does.</summary>
internal sealed class ConstantArrivalRateExecutor : ILoadExecutor
{
    public string Name => "constant-arrival-rate";

    public IReadOnlyList<string> Aliases => [];

    public bool IsOpen => true;

    public IReadOnlyList<string> Keys => ["rate", "duration", "maxInFlight", "gracefulStop"];

    public PhasePlan Plan(PhaseFile spec, PhaseSettings settings)
    {
        var rate = spec.Rate ?? throw new FormatException($"{settings.Name}: {Name} needs 'rate'.");
        var arrivals = ArrivalSchedule.Constant(InputCheck.PositiveRate(rate, $"{settings.Name}: rate"), settings.Duration);
        return new PhasePlan(settings.Name, this, arrivals, null, settings.MaxInFlight, ThinkTime.None, settings.GracefulStop);
    }

    public Task RunAsync(PhasePlan phase, PhaseRun run) => run.OpenModelAsync(phase);
}
