namespace Stadium.Scaling.Hpa;

/// <summary>At most <see cref="Value"/> replicas (or percent of the count) added or removed within any <see cref="Period"/>.</summary>
public sealed record ScalingPolicy(ScalingPolicyType Type, int Value, TimeSpan Period);
