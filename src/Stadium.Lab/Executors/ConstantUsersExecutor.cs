using Stadium.Lab.Execution;
using Stadium.Lab.Scenarios;
using Stadium.Lab.Scheduling;

namespace Stadium.Lab.Executors;

/// <summary><c>constant-users</c> (k6: <c>constant-vus</c>): <c>users</c> virtual users for the phase's duration, each thinking between iterations.</summary>
internal sealed class ConstantUsersExecutor : ILoadExecutor
{
    public string Name => "constant-users";

    public IReadOnlyList<string> Aliases => ["constant-vus"];

    public bool IsOpen => false;

    public IReadOnlyList<string> Keys => ["users", "duration", "thinkTime", "gracefulStop"];

    public PhasePlan Plan(PhaseFile spec, PhaseSettings settings)
    {
        var users = spec.Users ?? throw new FormatException($"{settings.Name}: {Name} needs 'users'.");
        var schedule = UserSchedule.Constant(InputCheck.AtLeastOne(users, $"{settings.Name}: users"), settings.Duration);
        return new PhasePlan(settings.Name, this, null, schedule, 0, settings.Think, settings.GracefulStop);
    }

    public Task RunAsync(PhasePlan phase, PhaseRun run) => run.ClosedModelAsync(phase);
}
