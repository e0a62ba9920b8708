namespace Stadium.Scaling.Hpa;

/// <summary>How a scaling policy bounds a change per period: a number of replicas, or a percentage of the count.</summary>
public enum ScalingPolicyType
{
    Pods,
    Percent,
}
