namespace Stadium.Planning.Simulate;

/// <summary>
/// What every simulated node is: its CPU quota in cores, memory limit and the share of it the caches' budget takes,
/// the time from being asked for to serving (start-up and readiness), how long a leaving node drains, the gateway's own
/// latency, and the protection layer's queue deadline (a request waiting longer for CPU is shed).
/// </summary>
internal sealed record FleetShape(
    double Cores,
    long MemoryBytes,
    double CacheBudgetShare,
    long BaselineBytes,
    TimeSpan Startup,
    TimeSpan Drain,
    TimeSpan BaseLatency,
    TimeSpan QueueDeadline,
    double ColdFactor = 1,
    double ColdSeconds = 0)
{
    /// <summary>The CPU per request of a node <paramref name="secondsReady"/> after it became ready, as a multiple of a warm node's.</summary>
    public double Cold(double secondsReady) =>
        ColdFactor <= 1 || ColdSeconds <= 0 ? 1 : 1 + ((ColdFactor - 1) * Math.Exp(-Math.Max(0, secondsReady) / ColdSeconds));

    /// <summary>The node's working set: its baseline and its caches at 90 % of their budget (a warm node's caches stay full).</summary>
    public double WorkingSetBytes => BaselineBytes + (0.9 * CacheBudgetShare * MemoryBytes);

    public double BudgetBytes => CacheBudgetShare * MemoryBytes;
}
