namespace Stadium.Chaos.Experiments;

/// <summary>
/// How `stadium chaos run` was asked to run an experiment. <see cref="Target"/> overrides the file's; with neither, a
/// cluster is started with <see cref="Self"/> (how to run this CLI) and <see cref="ClusterFlags"/>. <see cref="DataDir"/>:
/// the cluster's data folder for process faults and the jobs check when the target is a cluster already running.
/// </summary>
public sealed record ExperimentRunOptions(Uri? Target, string? DataDir, string ResultsPath, string? ReportPath, IReadOnlyList<string> Self)
{
    /// <summary>After `up --cluster`: every dependency behind the fault proxy.</summary>
    public IReadOnlyList<string> ClusterFlags { get; init; } = ["--chaos"];
}
