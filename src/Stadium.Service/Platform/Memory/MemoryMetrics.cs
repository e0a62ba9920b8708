using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;
using Stadium.Protection.Memory;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Meter "Stadium.Memory": the budget, each cache's size against its limit, evictions by reason, and the pressure
/// level (0 normal, 1 trimming, 2 critical) the autoscaler reads.
/// </summary>
internal sealed class MemoryMetrics
{
    public const string MeterName = "Stadium.Memory";

    private readonly Counter<long> _evictions;
    private readonly BoundedCaches _caches;

    public MemoryMetrics(IMeterFactory meters, MemoryBudget budget, BoundedCaches caches, IMemoryPressure pressure, HeapPacer pacer)
    {
        _caches = caches;
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("stadium.memory.budget", () => budget.Bytes, "By", "The node's memory budget.");
        meter.CreateObservableGauge("stadium.memory.cache.size", () => Observe(c => c.Size), "By", "Estimated bytes each in-process cache holds.");
        meter.CreateObservableGauge("stadium.memory.cache.limit", () => Observe(c => c.Limit), "By", "Each in-process cache's share of the budget.");
        meter.CreateObservableGauge("stadium.memory.pressure", () => (int)pressure.Level, null,
            "Memory pressure: 0 normal, 1 trimming caches, 2 critical (readiness degraded, bulk work shed).");
        _evictions = meter.CreateCounter<long>("stadium.memory.cache.evictions", null, "Entries evicted from in-process caches, by reason.");
        meter.CreateObservableCounter("stadium.memory.gc.paced", () => pacer.Started, null,
            "Compacting full collections the node started because the heap outgrew what it holds alive.");
    }

    /// <summary>Counts evictions; removals and replacements by the cache's own callers are not evictions.</summary>
    public void Evicted(string cache, EvictionReason reason)
    {
        if (reason is not (EvictionReason.Removed or EvictionReason.Replaced or EvictionReason.None))
        {
            Evicted(cache, reason == EvictionReason.Capacity ? "capacity" : "expired");
        }
    }

    public void Evicted(string cache, string reason, long count = 1) =>
        _evictions.Add(count, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("reason", reason));

    private IEnumerable<Measurement<long>> Observe(Func<IBoundedCache, long> value) =>
        _caches.Snapshot().Select(c => new Measurement<long>(value(c), new KeyValuePair<string, object?>("cache", c.Name)));
}
