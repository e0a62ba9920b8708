namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// One autoscaler decision that changed, or meant to change, a target's size: when (seconds since the load began, negative
/// before it), the target, from and to, whether the cluster applied it, the signal that drove it and the autoscaler's reason.
/// </summary>
public sealed record ScaleEvent(double AtSeconds, string Target, int From, int To, bool Applied, string Signal, string Reason);
