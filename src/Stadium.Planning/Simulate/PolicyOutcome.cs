namespace Stadium.Planning.Simulate;

/// <summary>
/// What one policy did with the trace: SLO-violation minutes (slots violated, in minutes) and seconds, the share of
/// arrivals shed (%), instance-hours and node-seconds (every running node, starting and draining ones included), scale
/// events out and in, the most nodes at once, arrivals and sheds, autoscaler rounds that failed, the events and the
/// slot series.
/// </summary>
internal sealed record PolicyOutcome(
    string Policy,
    string Source,
    int MinReplicas,
    int MaxReplicas,
    double SloViolationMinutes,
    int SloViolationSeconds,
    double ShedPercent,
    double InstanceHours,
    double NodeSeconds,
    int ScaleOuts,
    int ScaleIns,
    int MaxNodes,
    double Arrivals,
    double Shed,
    int FailedRounds,
    IReadOnlyList<ScaleEvent> Events,
    IReadOnlyList<SlotPoint> Slots);
