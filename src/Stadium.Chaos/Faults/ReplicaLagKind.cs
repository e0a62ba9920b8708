namespace Stadium.Chaos.Faults;

/// <summary><c>replica-lag</c> on a PostgreSQL standby.</summary>
internal sealed class ReplicaLagKind : IFaultKind
{
    public string Name => "replica-lag";

    public string Targets => "a replica (replica-N)";

    public IFault Create(FaultSpec spec, ChaosTarget target)
    {
        spec.Takes();
        var process = target.Process(spec.Target);
        return process.Role == "replica"
            ? new ReplicaLagFault(spec, process, target)
            : throw new FaultException($"replica-lag: {spec.Target} is not a replica; target {Targets}");
    }
}
