using System.Diagnostics.Metrics;

namespace Stadium.Protection.Shedding;

/// <summary>
/// stadium.protection.shedding.*: the limit the node found, requests in flight and queued, how long admitted requests
/// queued, and sheds per priority tier and reason. Sheds count with cached tags, so shedding allocates nothing here.
/// </summary>
internal sealed class SheddingMetrics
{
    private readonly Counter<long> _sheds;
    private readonly Histogram<double> _queueTime;
    private readonly KeyValuePair<string, object?>[] _tierTags;
    private readonly KeyValuePair<string, object?>[] _reasonTags;

    public SheddingMetrics(IMeterFactory meters, AdmissionGates gates, PriorityThreshold threshold, ThreadPoolLag lag, HashingPool hashing)
    {
        var meter = meters.Create(ProtectionMetrics.MeterName);
        meter.CreateObservableGauge("stadium.protection.shedding.hashing_cpu", () => hashing.AllowedCores, "{core}",
            "Cores password hashing may use now: what the rest of the node leaves of its CPU limit, less the headroom.");
        meter.CreateObservableGauge("stadium.protection.shedding.limit", () => PerGate(gates, g => g.Limit), "{request}",
            "The concurrency limit each bulkhead (gate: read, write, other) found from its latency.");
        meter.CreateObservableGauge("stadium.protection.shedding.in_flight", () => PerGate(gates, g => g.InFlight), "{request}",
            "Requests admitted and not yet finished, per bulkhead (sum them for the node's).");
        meter.CreateObservableGauge("stadium.protection.shedding.queue_length", () => PerGate(gates, g => g.Queued), "{request}",
            "Requests waiting for a slot, per bulkhead.");
        meter.CreateObservableGauge("stadium.protection.shedding.admission_level", () => threshold.Level, "{priority}",
            "Priorities (tier x 64 cohorts + rank) below this are admitted; it falls while the thread pool lags.");
        meter.CreateObservableGauge("stadium.protection.shedding.admitted_share", () => threshold.Admitted, "1",
            "The share of arrivals the node means to admit while its thread pool lags (1: no CPU shedding).");
        meter.CreateObservableGauge("stadium.protection.shedding.refusal_cost", () => ObservedRatio(threshold), "1",
            "A refusal's measured CPU cost over a served answer's; above MaxRefusalCost the CPU side sheds nothing.");
        meter.CreateObservableGauge("stadium.protection.shedding.thread_pool_lag", () => lag.Last.TotalMilliseconds, "ms",
            "How long the last probe waited in the thread pool's queue (how long new requests wait before they are read).");
        _queueTime = meter.CreateHistogram<double>("stadium.protection.shedding.queue_time", "ms",
            "How long admitted requests waited for a slot (those that ran at once are not recorded).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 20, 50, 100] });
        _sheds = meter.CreateCounter<long>("stadium.protection.shedding.sheds", "{request}",
            "Requests refused with 503 because the node was at its limit, by priority tier and by what refused them (reason: cpu, limit, memory, drill).");
        _tierTags = [new("tier", "signed_in"), new("tier", "anonymous"), new("tier", "bulk")]; // indexed by PriorityTier
        _reasonTags = [new("reason", "cpu"), new("reason", "limit"), new("reason", "memory"), new("reason", "drill")]; // indexed by ShedReason
        foreach (var (_, gate) in gates.All)
        {
            gate.Waited = waited => _queueTime.Record(waited.TotalMilliseconds);
        }
    }

    private static IEnumerable<Measurement<int>> PerGate(AdmissionGates gates, Func<AdmissionGate, int> read) =>
        gates.All.Select(g => new Measurement<int>(read(g.Gate), new KeyValuePair<string, object?>("gate", g.Name)));

    private static IEnumerable<Measurement<double>> ObservedRatio(PriorityThreshold threshold) =>
        double.IsNaN(threshold.RefusalCostRatio) ? [] : [new Measurement<double>(threshold.RefusalCostRatio)];

    public void Shed(PriorityTier tier, ShedReason reason) => _sheds.Add(1, _tierTags[(int)tier], _reasonTags[(int)reason]);
}
