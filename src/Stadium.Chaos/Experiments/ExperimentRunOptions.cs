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

    /// <summary>
    /// Whether the warm-up also runs the scenario's load (false: the hypothesis's requests only). `stadium rehearse`
    /// turns it off: a launch meets a cold fleet with its login burst, and that is what it rehearses.
    /// </summary>
    public bool WarmWithLoad { get; init; } = true;

    /// <summary>Where to start the run's cluster, kept afterwards with its logs; null: a temporary folder, removed after the run.</summary>
    public string? ClusterFolder { get; init; }

    /// <summary>
    /// Called with the run's cluster's data folder once the verdict is in, before that cluster stops (also after Ctrl+C),
    /// for what only the live cluster can answer (`stadium rehearse` reads the autoscaler's decisions there).
    /// </summary>
    public Func<string, CancellationToken, Task>? BeforeClusterStops { get; init; }

    /// <summary>False when the caller writes its own results.json, report and table from the returned results.</summary>
    public bool WriteOutputs { get; init; } = true;
}
