namespace Stadium.Scaling.Hpa;

/// <summary>
/// One metric's proposal, as the Kubernetes HPA controller computes it (pkg/controller/podautoscaler/replica_calculator.go):
/// desired = ceil(ready x current / target) outside the tolerance; members without a value and members not ready are
/// set aside first and brought back only to damp the move (missing ones at 100 % of the target on a scale-down and 0 on
/// a scale-up, not-ready ones at 0 on a scale-up), never to reverse its direction.
/// </summary>
internal static class ReplicaCalculator
{
    public static MetricProposal Propose(int current, IReadOnlyList<ReplicaState> members, MetricReading reading, MetricTarget target, double tolerance)
    {
        if (target.Value <= 0)
        {
            return MetricProposal.Invalid("the target must be above 0");
        }

        if (reading.PerReplica is { } values)
        {
            return PerReplica(current, members, values, target.Value, tolerance);
        }

        var total = reading.Total ?? double.NaN;
        if (double.IsNaN(total))
        {
            return MetricProposal.Invalid("no value");
        }

        var ready = members.Count(m => m.Ready);
        return target.Type == MetricTargetType.AverageValue
            ? AverageOfTotal(current, ready, total, target.Value, tolerance)
            : OfValue(current, ready, total, target.Value, tolerance);
    }

    /// <summary>Within the tolerance band around 1 (10 % by default): too small a change to act on.</summary>
    public static bool Within(double ratio, double tolerance) => Math.Abs(1.0 - ratio) <= tolerance;

    // GetResourceReplicas / GetMetricReplicas: a value per pod, averaged over the ready pods that reported one.
    private static MetricProposal PerReplica(int current, IReadOnlyList<ReplicaState> members, IReadOnlyDictionary<string, double> values, double target, double tolerance)
    {
        var ready = new Dictionary<string, double>(StringComparer.Ordinal);
        var unready = new List<string>();
        var missing = new List<string>();
        foreach (var member in members)
        {
            // A member still starting counts as not ready whether or not it reported (the HPA's pending pods).
            if (!member.Ready)
            {
                unready.Add(member.Name);
            }
            else if (!values.TryGetValue(member.Name, out var value) || double.IsNaN(value))
            {
                missing.Add(member.Name);
            }
            else
            {
                ready[member.Name] = value;
            }
        }

        if (ready.Count == 0)
        {
            return MetricProposal.Invalid("no ready member reported a value");
        }

        var average = ready.Values.Average();
        var ratio = average / target;
        var rebalanceUnready = unready.Count > 0 && ratio > 1.0;
        if (!rebalanceUnready && missing.Count == 0)
        {
            return new MetricProposal(Within(ratio, tolerance) ? current : (int)Math.Ceiling(ratio * ready.Count), average);
        }

        var counted = ready.Values.ToList();
        counted.AddRange(missing.Select(_ => ratio < 1.0 ? target : 0.0));
        if (rebalanceUnready)
        {
            counted.AddRange(unready.Select(_ => 0.0));
        }

        var newRatio = counted.Average() / target;
        if (Within(newRatio, tolerance) || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
        {
            return new MetricProposal(current, average);
        }

        var replicas = (int)Math.Ceiling(newRatio * counted.Count);
        var reversed = (newRatio < 1.0 && replicas > current) || (newRatio > 1.0 && replicas < current);
        return new MetricProposal(reversed ? current : replicas, average);
    }

    // GetExternalPerPodMetricReplicas / the object metric's AverageValue: a total shared by the replicas.
    private static MetricProposal AverageOfTotal(int current, int ready, double total, double target, double tolerance)
    {
        var ratio = total / (target * Math.Max(current, 1));
        var replicas = Within(ratio, tolerance) && current > 0 ? current : (int)Math.Ceiling(total / target);
        return new MetricProposal(replicas, ready > 0 ? total / ready : total);
    }

    // GetObjectMetricReplicas / GetExternalMetricReplicas with a Value target: the ratio scales the ready count.
    private static MetricProposal OfValue(int current, int ready, double value, double target, double tolerance)
    {
        var ratio = value / target;
        if (current == 0)
        {
            return new MetricProposal((int)Math.Ceiling(ratio), value);
        }

        return new MetricProposal(Within(ratio, tolerance) ? current : (int)Math.Ceiling(ratio * ready), value);
    }
}
