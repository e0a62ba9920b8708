namespace Stadium.Scaling.Hpa;

/// <summary>What a metric should read when the target has the right number of replicas: 70 (% of the limit), 20 per replica...</summary>
public sealed record MetricTarget(MetricTargetType Type, double Value);
