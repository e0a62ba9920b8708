namespace Stadium.Scaling;

/// <summary>One member of a target: ready means it passes its readiness check and takes traffic or jobs.</summary>
public sealed record ReplicaState(string Name, bool Ready, DateTimeOffset StartedAt);
