using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Signals;

/// <summary>
/// Each member's working set (dotnet_process_memory_working_set_bytes) as a percentage of its memory limit, or of the
/// node's own memory budget (stadium_memory_budget_bytes) when it has no limit. A node whose memory pressure is
/// critical (stadium_memory_pressure 2: readiness degraded, bulk work shed) counts as at least 100 % whatever the
/// ratio says; with neither limit nor budget the pressure level alone is the value (0, 90 or 100 %).
/// </summary>
internal sealed class MemorySignal : ISignal
{
    private const double Critical = 2;

    public string Name => "memory";

    public MetricTargetType TargetType => MetricTargetType.Utilization;

    public string Unit => "% of the node's memory limit";

    public IReadOnlyList<string> Options => [];

    public MetricReading? Read(SignalContext context, MetricSpec spec)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, scrapes) in context.Members)
        {
            var scrape = scrapes.Now;
            var pressure = scrape.Value("stadium_memory_pressure");
            var limit = context.Limits.MemoryBytes ?? scrape.Value("stadium_memory_budget_bytes");
            double? share = scrape.Value("dotnet_process_memory_working_set_bytes") is { } workingSet && limit is > 0
                ? 100 * workingSet / limit.Value
                : pressure switch
                {
                    null => null,
                    >= Critical => 100,
                    >= 1 => 90,
                    _ => 0,
                };
            if (share is { } value)
            {
                values[name] = pressure >= Critical ? Math.Max(value, 100) : value;
            }
        }

        return MetricReading.OfReplicas(values);
    }
}
