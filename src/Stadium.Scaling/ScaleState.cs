namespace Stadium.Scaling;

/// <summary>A target's replica count as asked for (a Deployment's spec.replicas) and the members that exist now.</summary>
public sealed record ScaleState(int Replicas, IReadOnlyList<ReplicaState> Members);
