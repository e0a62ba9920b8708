namespace Stadium.Planning.Simulate;

/// <summary>
/// One slot of a run (a minute, or 10 s for short runs), for the table, the JSON and the plots: when it starts, arrivals
/// per second, nodes (every node that runs, on average) and ready nodes, CPU of the ready nodes (%), the share shed (%),
/// the worst endpoint's latency as a % of its objective, whether the slot violated the SLO, and each endpoint's
/// latency at its objective's percentile in ms.
/// </summary>
internal sealed record SlotPoint(
    int Second,
    double ArrivalsPerSecond,
    double Nodes,
    double ReadyNodes,
    double CpuPercent,
    double ShedPercent,
    double WorstLatencyPercentOfObjective,
    string? WorstEndpoint,
    bool Violated,
    IReadOnlyDictionary<string, double> LatencyMs);
