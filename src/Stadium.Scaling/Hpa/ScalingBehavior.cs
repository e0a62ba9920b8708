namespace Stadium.Scaling.Hpa;

/// <summary>Both directions' rules (HorizontalPodAutoscalerBehavior); unset directions take Kubernetes' defaults.</summary>
public sealed record ScalingBehavior(ScalingRules ScaleUp, ScalingRules ScaleDown)
{
    public static readonly ScalingBehavior Default = new(ScalingRules.DefaultScaleUp, ScalingRules.DefaultScaleDown);
}
