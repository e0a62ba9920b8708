using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary><c>kill</c>, <c>freeze</c> and <c>restart</c> of an API node, a worker, the primary, a replica or Redis.</summary>
internal sealed class ProcessFaultKind(string name, Func<FaultSpec, ProcessTarget, ChaosTarget, IFault> create) : IFaultKind
{
    public string Name { get; } = name;

    public string Targets => "an API node (api-N), a worker (worker-N), primary, a replica (replica-N) or redis";

    public IFault Create(FaultSpec spec, ChaosTarget target)
    {
        spec.Takes();
        var process = target.Process(spec.Target);
        // The gateway may be frozen; killed, nothing would bring it back (the supervisor starts it once, at start).
        if (process.Role == NodeRoles.Gateway && Name != "freeze")
        {
            throw new FaultException($"{Name}: the cluster does not replace its gateway; freeze it instead, or target {Targets}");
        }

        return create(spec, process, target);
    }
}
