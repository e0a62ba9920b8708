namespace Stadium.Lab.Execution;

/// <summary>What one iteration does: a plain request, or a step of a user's journey.</summary>
internal interface IWorkload
{
    /// <summary>Called before each phase starts, e.g. so a closed model's users can be given their accounts.</summary>
    void EnterPhase(int phaseIndex, PhasePlan phase);

    /// <summary>A ValueTask so that an engine which completes without allocating (the raw HTTP engine) can stay that way.</summary>
    ValueTask RunIterationAsync(IterationContext context, CancellationToken ct);
}
