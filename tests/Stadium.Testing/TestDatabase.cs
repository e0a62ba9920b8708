namespace Stadium.Testing;

/// <summary>One test's own database on the cluster: its name and the application user's connection strings to it.</summary>
public sealed record TestDatabase(string Name, string Primary, IReadOnlyList<string> Replicas);
