namespace Stadium.Chaos.Faults;

/// <summary>
/// One fault, set up and undone: <see cref="StartAsync"/> injects it, <see cref="RevertAsync"/> takes it back (a kill
/// has nothing to take back). Whoever starts one reverts it at the end of its duration, on cancellation, and in any case.
/// </summary>
public interface IFault
{
    /// <summary>What the fault does, for logs and results ("kill api-2", "latency 200 ms on primary").</summary>
    string Describe { get; }

    Task StartAsync(CancellationToken ct);

    Task RevertAsync(CancellationToken ct);
}
