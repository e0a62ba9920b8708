namespace Stadium.Scaling.Hpa;

/// <summary>
/// One direction's behaviour (HPAScalingRules): the stabilisation window over which past recommendations are
/// considered, and the policies bounding how fast the count may change.
/// </summary>
public sealed record ScalingRules(TimeSpan StabilizationWindow, SelectPolicy Select, IReadOnlyList<ScalingPolicy> Policies)
{
    /// <summary>Kubernetes' default for scaling up: no stabilisation; double, or add 4, every 15 s, whichever is more.</summary>
    public static readonly ScalingRules DefaultScaleUp = new(TimeSpan.Zero, SelectPolicy.Max,
    [
        new ScalingPolicy(ScalingPolicyType.Percent, 100, TimeSpan.FromSeconds(15)),
        new ScalingPolicy(ScalingPolicyType.Pods, 4, TimeSpan.FromSeconds(15)),
    ]);

    /// <summary>Kubernetes' default for scaling down: the highest recommendation of the last 300 s; any amount per 15 s.</summary>
    public static readonly ScalingRules DefaultScaleDown = new(TimeSpan.FromSeconds(300), SelectPolicy.Max,
    [
        new ScalingPolicy(ScalingPolicyType.Percent, 100, TimeSpan.FromSeconds(15)),
    ]);

    /// <summary>The longest policy period: how long past scale events must be remembered.</summary>
    public TimeSpan LongestPeriod => Policies.Count == 0 ? TimeSpan.Zero : Policies.Max(p => p.Period);
}
