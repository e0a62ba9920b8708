using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;
using Stadium.Protection.Slo;

namespace Stadium.Chaos.Experiments;

/// <summary>
/// Reads the lab's per-second timeline against the SLO file. A second is within the SLO when something completed in it
/// (a stalled system completes nothing) and each endpoint with an objective had its percentile within the objective's
/// latency and its failed share within the error budget. Bucket N covers seconds N-1 to N of the load.
/// </summary>
internal static class RecoveryClock
{
    /// <summary>How long the objectives must hold for the system to count as recovered.</summary>
    public const int HoldSeconds = 10;

    /// <summary>Seconds from <paramref name="endedAt"/> (since the load began) to the first second after which the SLO held for <see cref="HoldSeconds"/>; null when it never did.</summary>
    public static double? RecoverySeconds(LoadResults load, double endedAt, SloObjectives slo)
    {
        var good = load.Timeline.Where(b => b.Second - 1 >= Math.Floor(endedAt)).Select(b => (Start: b.Second - 1, Good: WithinSlo(b, load, slo))).ToList();
        for (var i = 0; i + HoldSeconds <= good.Count; i++)
        {
            if (good.Skip(i).Take(HoldSeconds).All(g => g.Good))
            {
                return Math.Max(0, good[i].Start - endedAt);
            }
        }

        return null;
    }

    /// <summary>The share of requests completed without an error between <paramref name="from"/> and <paramref name="to"/> (seconds since the load began); null when none completed.</summary>
    public static double? Availability(LoadResults load, double from, double to)
    {
        var during = load.Timeline.Where(b => b.Second > Math.Floor(from) && b.Second - 1 < to).ToList();
        var requests = during.Sum(b => b.Requests);
        return requests == 0 ? null : 1 - (during.Sum(b => b.Errors) / (double)requests);
    }

    /// <summary>The share of successful answers between <paramref name="from"/> and <paramref name="to"/> marked degraded (served stale); null when none succeeded.</summary>
    public static double? DegradedShare(LoadResults load, double from, double to)
    {
        var during = load.Timeline.Where(b => b.Second > Math.Floor(from) && b.Second - 1 < to).ToList();
        var succeeded = during.Sum(b => b.Requests - b.Errors - b.Shed);
        return succeeded <= 0 ? null : during.Sum(b => b.Degraded) / (double)succeeded;
    }

    private static bool WithinSlo(SecondBucket bucket, LoadResults load, SloObjectives slo)
    {
        if (bucket.Requests == 0)
        {
            return false;
        }

        foreach (var (name, second) in bucket.Endpoints)
        {
            if (second.Requests == 0 || !load.Endpoints.TryGetValue(name, out var endpoint) || slo.Find(endpoint.Method, endpoint.Route) is not { } objective)
            {
                continue;
            }

            var latency = objective.Percentile >= 99 ? second.P99Ms : second.P95Ms;
            if (latency > objective.Latency.TotalMilliseconds || second.Errors / (double)second.Requests > objective.ErrorBudget)
            {
                return false;
            }
        }

        return true;
    }
}
