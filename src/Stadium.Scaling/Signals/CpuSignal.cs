using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Each member's CPU use over the window as a percentage of its CPU limit: the rate of
/// dotnet_process_cpu_time_seconds_total (user and system) divided by the node's quota in cores, or by its core count
/// when it runs uncapped. A member without two scrapes a window apart has no value (the HPA's missing-metric rule).
/// </summary>
internal sealed class CpuSignal : ISignal
{
    public string Name => "cpu";

    public MetricTargetType TargetType => MetricTargetType.Utilization;

    public string Unit => "% of the node's CPU limit";

    public IReadOnlyList<string> Options => [];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, scrapes) in context.Members)
        {
            if (scrapes.Increase("dotnet_process_cpu_time_seconds_total") is { } cpuSeconds)
            {
                values[name] = 100 * cpuSeconds / scrapes.Seconds / context.Limits.CpuCores;
            }
        }

        return MetricReading.OfReplicas(values);
    }
}
