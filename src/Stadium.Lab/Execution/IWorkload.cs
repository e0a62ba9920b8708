namespace Stadium.Lab.Execution;

/// <param name="IntendedTimestamp">When the schedule wanted this iteration to start (TimeProvider timestamp).</param>
/// <param name="VirtualUser">The closed model's user number (0-based), or -1 for an open-model arrival.</param>
public readonly record struct IterationContext(long IntendedTimestamp, int VirtualUser);

/// <summary>What one iteration does: a plain request, or a step of a user's journey.</summary>
public interface IWorkload
{
    /// <summary>Called before each phase starts, e.g. so a closed model's users can be given their accounts.</summary>
    void EnterPhase(int phaseIndex, PhasePlan phase);

    Task RunIterationAsync(IterationContext context, CancellationToken ct);
}
