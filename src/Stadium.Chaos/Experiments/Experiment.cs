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
    /// <summary>
    /// How long the hypothesis's requests are sent, unmeasured, before the check before: null means
    /// <see cref="DefaultWarmup"/> when the run starts its own cluster (fresh processes answer their first requests
    /// through the JIT, far above any objective) and none against a given target.
    /// </summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>The warm-up of a cluster the run started itself when the file does not say.</summary>
    public static readonly TimeSpan DefaultWarmup = TimeSpan.FromSeconds(20);

    /// <summary>When the last fault ends, from the start of the load.</summary>
    public TimeSpan LastFaultEnd => Method.Count == 0 ? TimeSpan.Zero : Method.Max(m => m.At + m.Duration);
}
