namespace Stadium.Planning.Simulate;

/// <summary>An applied scale decision: at which second of the run, from and to how many replicas, the signal that drove it and the autoscaler's reason.</summary>
internal sealed record ScaleEvent(int Second, int From, int To, string Signal, string Reason);
