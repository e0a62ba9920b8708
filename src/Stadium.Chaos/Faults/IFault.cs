namespace Stadium.Chaos.Faults;

/// <summary>
/// One fault on one target: <see cref="StartAsync"/> injects it, <see cref="RevertAsync"/> undoes it. Revert is safe to
/// call more than once and after a start that failed half-way (it undoes what there is to undo), because it also runs
/// from a later process for a fault whose run died (<see cref="FaultRunner"/>).
/// </summary>
public interface IFault
{
    /// <summary>What it does to what, in words: "SIGSTOP api-2 (pid 4242) for 10 s".</summary>
    string Describe { get; }

    Task StartAsync(CancellationToken ct);

    Task RevertAsync(CancellationToken ct);
}
