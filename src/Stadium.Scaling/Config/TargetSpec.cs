using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Config;

/// <summary>
/// One scaled target of the config file: its driver and the driver's settings (`local:` or `kubernetes:`), its replica
/// bounds, metrics and behaviour, and KEDA's cooldown before an idle target with minReplicas 0 goes to zero.
/// </summary>
public sealed record TargetSpec(
    string Name,
    string Driver,
    IReadOnlyDictionary<string, string> DriverSettings,
    int MinReplicas,
    int MaxReplicas,
    IReadOnlyList<MetricSpec> Metrics,
    ScalingBehavior Behavior,
    TimeSpan CooldownPeriod);
