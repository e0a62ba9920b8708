using Stadium.Chaos.Experiments;
using Stadium.Lab.Reports;
using Stadium.Protection.Slo;

namespace Stadium.Chaos.Rehearsal;

/// <summary>
/// Each endpoint with an objective in the SLO file, over the seconds of the load that no fault touched: a fault's window
/// runs from its start to its end plus its recovery (at most the recovery gate), since the recovery has its own gate.
/// The latency is read from the lab's per-second timeline: the objective's percentile (p99 or p95) of the per-second
/// figures, each second weighted by its successful answers. It is close to the percentile of all those answers but not
/// the same number (the run keeps a histogram per second only as its summary), and said so in docs/chaos.md.
/// </summary>
internal static class SloOutsideFaults
{
    public static IReadOnlyList<EndpointSlo> Measure(LoadResults load, IReadOnlyList<FaultOutcome> faults, SloObjectives slo, TimeSpan recoveryGate)
    {
        var windows = faults.Where(f => f.StartedAt is not null).Select(f =>
        {
            var from = (f.StartedAt!.Value - load.StartedAt).TotalSeconds;
            var to = ((f.EndedAt ?? f.StartedAt.Value) - load.StartedAt).TotalSeconds + Math.Min(f.RecoverySeconds ?? recoveryGate.TotalSeconds, recoveryGate.TotalSeconds);
            return (From: from, To: to);
        }).ToList();

        // Bucket N covers seconds N-1 to N of the load.
        var outside = load.Timeline.Where(b => !windows.Any(w => b.Second > Math.Floor(w.From) && b.Second - 1 < w.To)).ToList();
        var measured = new List<EndpointSlo>();
        foreach (var (name, endpoint) in load.Endpoints)
        {
            if (slo.Find(endpoint.Method, endpoint.Route) is not { } objective)
            {
                continue;
            }

            var seconds = outside.Where(b => b.Endpoints.ContainsKey(name)).Select(b => b.Endpoints[name]).Where(s => s.Requests > 0).ToList();
            var requests = seconds.Sum(s => s.Requests);
            if (requests == 0)
            {
                continue;
            }

            var p99 = objective.Percentile >= 99;
            var latency = WeightedPercentile(seconds.Select(s => (p99 ? s.P99Ms : s.P95Ms, Math.Max(0, s.Requests - s.Errors - s.Shed))), objective.Percentile);
            measured.Add(new EndpointSlo(name, endpoint.Method, endpoint.Route, objective.Percentile, objective.Latency.TotalMilliseconds, latency,
                seconds.Sum(s => s.Errors) / (double)requests, objective.ErrorBudget, requests));
        }

        return measured;
    }

    /// <summary>The value below which <paramref name="percentile"/> % of the weight lies; 0 without any.</summary>
    public static double WeightedPercentile(IEnumerable<(double Value, long Weight)> values, double percentile)
    {
        var sorted = values.Where(v => v.Weight > 0).OrderBy(v => v.Value).ToList();
        var total = sorted.Sum(v => v.Weight);
        var reached = 0L;
        foreach (var (value, weight) in sorted)
        {
            reached += weight;
            if (reached >= total * percentile / 100)
            {
                return value;
            }
        }

        return 0;
    }
}
