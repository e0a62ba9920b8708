namespace Stadium.Chaos.Experiments;

/// <summary>Where a fault acts: the system under test and, when it is a local cluster, its data folder (cluster.json, infra/stadium.json).</summary>
public sealed record FaultContext(Uri Target, string? DataDir);
