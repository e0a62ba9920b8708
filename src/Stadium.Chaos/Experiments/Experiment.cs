namespace Stadium.Chaos.Experiments;

/// <summary>
/// An experiment file, read and checked (<see cref="ExperimentFileParser"/>), in the shape of Chaos Toolkit's: a
/// steady-state hypothesis checked before, during and after, a method of faults at offsets, a load run throughout,
/// rollbacks that always run, and the gates of the verdict.
/// </summary>
public sealed record Experiment(
    string Source,
    string Title,
    string? Description,
    Uri? Target,
    ClusterShape Cluster,
    SteadyStateHypothesis Hypothesis,
    IReadOnlyList<MethodStep> Method,
    LoadSpec? Load,
    IReadOnlyList<RollbackAction> Rollbacks,
    ExperimentGates Gates)
{
    /// <summary>When the last fault ends, from the start of the load.</summary>
    public TimeSpan LastFaultEnd => Method.Count == 0 ? TimeSpan.Zero : Method.Max(m => m.At + m.Duration);
}
