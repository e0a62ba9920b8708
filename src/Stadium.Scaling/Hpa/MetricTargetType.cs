namespace Stadium.Scaling.Hpa;

/// <summary>The three target kinds of the HPA v2 API (autoscaling/v2 MetricTarget.type).</summary>
public enum MetricTargetType
{
    /// <summary>The average per replica, as a percentage of each replica's limit (averageUtilization).</summary>
    Utilization,

    /// <summary>The value per replica: a total divided by the replica count, or each replica's own value (averageValue).</summary>
    AverageValue,

    /// <summary>One value for the whole target, compared as it is (value).</summary>
    Value,
}
