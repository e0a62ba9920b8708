using Stadium.Lab.Execution;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Executors;

/// <summary><c>ramping-users</c> (k6: <c>ramping-vus</c>): from <c>startUsers</c>, the user count moves linearly to each stage's target.</summary>
internal sealed class RampingUsersExecutor : ILoadExecutor
{
    public string Name => "ramping-users";

    public IReadOnlyList<string> Aliases => ["ramping-vus"];

    public bool IsOpen => false;

    public IReadOnlyList<string> Keys => ["startUsers", "stages", "thinkTime", "gracefulStop"];

    public PhasePlan Plan(PhaseFile spec, PhaseSettings settings)
    {
        var start = InputCheck.ZeroOrMore(spec.StartUsers ?? 0, $"{settings.Name}: startUsers");
        var schedule = new UserSchedule(start, PhaseStages.Read(spec, settings.Name, Name, InputCheck.UsersOrZero));
        return new PhasePlan(settings.Name, this, null, schedule, 0, settings.Think, settings.GracefulStop);
    }

    public Task RunAsync(PhasePlan phase, PhaseRun run) => run.ClosedModelAsync(phase);
}
