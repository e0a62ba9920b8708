using Stadium.Infra.Fleet;

namespace Stadium.Chaos.Faults;

/// <summary><c>cpu-hog</c> and <c>memory-pressure</c> inside an API node's or worker's cgroup.</summary>
internal sealed class HogKind(string name, HogFault.Load load) : IFaultKind
{
    public string Name { get; } = name;

    public string Targets => "an API node (api-N) or a worker (worker-N) of a cluster with cgroup limits";

    public IFault Create(FaultSpec spec, ChaosTarget target)
    {
        if (load == HogFault.Load.Memory)
        {
            spec.Takes("share");
            HogFault.CheckShare(spec);
        }
        else
        {
            spec.Takes();
        }

        var process = target.Process(spec.Target);
        if (process.Role is not (NodeRoles.Api or NodeRoles.Worker))
        {
            throw new FaultException($"{Name}: {spec.Target} is not an API node or worker; target {Targets}");
        }

        // Outside a cgroup the hog would load the whole machine, not the node: refused rather than done wrong.
        var cgroup = target.Cgroup(process)
            ?? throw new FaultException($"{Name}: {spec.Target} runs without a cgroup (the cluster could not set limits), so there is nothing to put a hog in");
        return new HogFault(spec, process, target, cgroup, load);
    }
}
