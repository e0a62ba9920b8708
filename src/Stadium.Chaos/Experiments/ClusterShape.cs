namespace Stadium.Chaos.Experiments;

/// <summary>The cluster `stadium chaos run` starts when it has no target: API nodes, job workers, PostgreSQL replicas and seeded users.</summary>
public sealed record ClusterShape(int Nodes = 3, int Workers = 1, int Replicas = 1, int Users = 200);
