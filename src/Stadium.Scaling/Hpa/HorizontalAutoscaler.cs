namespace Stadium.Scaling.Hpa;

/// <summary>
/// One target's HPA v2 reconcile (reconcileAutoscaler and computeReplicasForMetrics): out-of-range counts are brought to
/// min/max first; otherwise every metric proposes a count and the largest wins. A metric that cannot propose blocks a
/// scale-down (it might have asked for more) but never a scale-up; with no usable metric nothing moves. The winner then
/// goes through the behaviour (<see cref="BehaviorLimiter"/>).
/// </summary>
internal sealed class HorizontalAutoscaler(int minReplicas, int maxReplicas, ScalingBehavior behavior, TimeProvider clock)
{
    private readonly BehaviorLimiter _limiter = new(behavior, clock);

    public int MinReplicas => minReplicas;

    public int MaxReplicas => maxReplicas;

    public Recommendation Decide(int current, IReadOnlyList<MetricOutcome> outcomes)
    {
        if (current == 0 && minReplicas != 0)
        {
            return new Recommendation(0, 0, 0, "none", "scaling is off while the target is scaled to 0 by hand");
        }

        _limiter.RecordInitial(current);
        if (current > maxReplicas)
        {
            return new Recommendation(current, maxReplicas, maxReplicas, "none", $"{current} replicas is above maxReplicas {maxReplicas}");
        }

        if (current < minReplicas)
        {
            return new Recommendation(current, minReplicas, minReplicas, "none", $"{current} replicas is below minReplicas {minReplicas}");
        }

        var valid = outcomes.Where(o => o.Proposal.Replicas is not null).ToList();
        var invalid = outcomes.Where(o => o.Proposal.Replicas is null).ToList();
        var best = valid.OrderByDescending(o => o.Proposal.Replicas).FirstOrDefault();
        if (best is null || (invalid.Count > 0 && best.Proposal.Replicas < current))
        {
            var why = invalid.Count == 0 ? "no metrics configured" : string.Join("; ", invalid.Select(o => $"{o.Signal}: {o.Proposal.Problem}"));
            return new Recommendation(current, current, current, invalid.FirstOrDefault()?.Signal ?? "none", $"holding {current}: {why}");
        }

        var recommended = best.Proposal.Replicas!.Value;
        var (desired, limit) = _limiter.Normalize(current, recommended, minReplicas, maxReplicas);
        var reason = $"{best.Signal} {Show(best.Proposal.Value)} against target {Show(best.Target.Value)} proposes {recommended}"
            + (valid.Count > 1 ? " (largest proposal)" : "")
            + (limit is null ? "" : $"; {limit}");
        return new Recommendation(current, recommended, desired, best.Signal, reason);
    }

    /// <summary>Tells the behaviour that a change was applied, so the rate policies count it.</summary>
    public void Applied(int previous, int replicas) => _limiter.RecordScale(previous, replicas);

    private static string Show(double? value) => value is { } v ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "?";
}
