using Stadium.Chaos.Faults;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// The fault kinds an experiment may name, and those this build can run. The names are the fixed ones of `stadium chaos
/// fault`, so a file is read the same whatever is implemented; a kind not implemented fails the run before it starts.
/// </summary>
internal static class FaultCatalog
{
    public static readonly IReadOnlyList<string> KindNames =
        ["kill", "freeze", "restart", "replica-lag", "cpu-hog", "memory-pressure", "latency", "loss", "down", "bandwidth", "reset", "timeout"];

    private static readonly Dictionary<string, Func<MethodStep, FaultContext, IFault>> Implemented = new(StringComparer.Ordinal)
    {
        ["kill"] = ClusterKill.Create,
    };

    /// <exception cref="FormatException">The kind is not implemented here, or the step cannot be done.</exception>
    public static MethodFault Create(Experiment experiment, MethodStep step, FaultContext context, TimeProvider time) =>
        MethodFault.Timed(Kind(experiment, step)(step, context), step.Duration, time);

    /// <summary>Checks that every step's kind can run here, before anything starts (a cluster takes a minute).</summary>
    /// <exception cref="FormatException">A kind is not implemented here.</exception>
    public static void CheckKinds(Experiment experiment)
    {
        foreach (var step in experiment.Method)
        {
            Kind(experiment, step);
        }
    }

    private static Func<MethodStep, FaultContext, IFault> Kind(Experiment experiment, MethodStep step) =>
        Implemented.GetValueOrDefault(step.Fault)
        ?? throw new FormatException($"{experiment.Source}:{step.Line}: fault '{step.Fault}' cannot run in this build; the faults here are {string.Join(", ", Implemented.Keys)}");
}
