using Stadium.Chaos.Experiments;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// The cluster a rehearsal starts: <see cref="Cluster"/> (API nodes at the autoscaler's floor, a worker, a replica) with
/// <see cref="NodeCpu"/> cores per node, and the autoscaler free to add nodes within its file's bounds.
/// </summary>
public sealed record RehearsalShape(ClusterShape Cluster, double NodeCpu)
{
    /// <summary>scaling/autoscale.yaml's floor of two API nodes at `up --cluster`'s default of half a core each.</summary>
    public static readonly RehearsalShape Default = new(new ClusterShape(Nodes: 2, Workers: 1, Replicas: 1), 0.5);

    /// <summary>The cores the API nodes have at the start: what the default scale sizes the peak to.</summary>
    public double Cores => Cluster.Nodes * NodeCpu;
}
