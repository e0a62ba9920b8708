using Stadium.Protection.Slo;

namespace Stadium.Scaling.Signals;

/// <summary>
/// What the signals read in one round: the target's state, the gateway's scrapes, the target's members' scrapes (by
/// member name), every node's scrapes (the job queue is one for all, and a target at zero replicas has no member to
/// ask), the nodes' limits and the SLO objectives.
/// </summary>
internal sealed record SignalContext(
    ScaleState State,
    ScrapePair? Gateway,
    IReadOnlyDictionary<string, ScrapePair> Members,
    IReadOnlyList<ScrapePair> AllNodes,
    NodeLimits Limits,
    SloObjectives Slo);
