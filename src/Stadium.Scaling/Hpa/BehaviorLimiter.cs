namespace Stadium.Scaling.Hpa;

/// <summary>
/// The HPA controller's behaviour step for one target (normalizeDesiredReplicasWithBehaviors in
/// pkg/controller/podautoscaler/horizontal.go): the recommendation is first stabilised (no higher than the lowest
/// recommendation of the scale-up window, no lower than the highest of the scale-down window: a scale-in waits until
/// every recommendation of the last 300 s allowed it), then bounded by the policies' rates, counted from the replica
/// count at the start of each policy's period, and by min/max. Holds the recommendations and scale events it needs,
/// on the injected clock.
/// </summary>
internal sealed class BehaviorLimiter(ScalingBehavior behavior, TimeProvider clock)
{
    private readonly List<(int Replicas, DateTimeOffset At)> _recommendations = [];
    private readonly List<(int Change, DateTimeOffset At)> _scaleUps = [];
    private readonly List<(int Change, DateTimeOffset At)> _scaleDowns = [];

    /// <summary>
    /// The first time a target is seen its current count counts as a recommendation (recordInitialRecommendation): an
    /// autoscaler that restarts does not scale in before a whole scale-down window has passed.
    /// </summary>
    public void RecordInitial(int current)
    {
        if (_recommendations.Count == 0)
        {
            _recommendations.Add((current, clock.GetUtcNow()));
        }
    }

    public (int Replicas, string? Limit) Normalize(int current, int desired, int min, int max)
    {
        var (stabilized, stabilizedBy) = Stabilize(current, desired);
        var (limited, limitedBy) = Rate(current, stabilized, min, max);
        return (limited, limitedBy ?? stabilizedBy);
    }

    /// <summary>Remembers a change that was applied, for the policies' periods (storeScaleEvent).</summary>
    public void RecordScale(int previous, int replicas)
    {
        if (replicas == previous)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var (events, rules) = replicas > previous ? (_scaleUps, behavior.ScaleUp) : (_scaleDowns, behavior.ScaleDown);
        events.RemoveAll(e => e.At <= now - rules.LongestPeriod);
        events.Add((Math.Abs(replicas - previous), now));
    }

    private (int Replicas, string? Reason) Stabilize(int current, int desired)
    {
        var now = clock.GetUtcNow();
        var upCutoff = now - behavior.ScaleUp.StabilizationWindow;
        var downCutoff = now - behavior.ScaleDown.StabilizationWindow;
        var up = desired;
        var down = desired;
        foreach (var (replicas, at) in _recommendations)
        {
            if (at > upCutoff)
            {
                up = Math.Min(up, replicas);
            }

            if (at > downCutoff)
            {
                down = Math.Max(down, replicas);
            }
        }

        // Only recommendations inside one of the windows matter; older ones are dropped rather than kept forever.
        _recommendations.RemoveAll(r => r.At <= upCutoff && r.At <= downCutoff);
        _recommendations.Add((desired, now));

        var recommendation = Math.Min(Math.Max(current, up), down);
        return recommendation == desired
            ? (recommendation, null)
            : (recommendation, recommendation > desired
                ? $"scale-down stabilised: the highest recommendation of the last {behavior.ScaleDown.StabilizationWindow.TotalSeconds:0} s is {recommendation}"
                : $"scale-up stabilised: the lowest recommendation of the last {behavior.ScaleUp.StabilizationWindow.TotalSeconds:0} s is {recommendation}");
    }

    private (int Replicas, string? Reason) Rate(int current, int desired, int min, int max)
    {
        if (desired > current)
        {
            var limit = Math.Max(ScaleUpLimit(current), current);
            var allowed = Math.Min(max, limit);
            return desired <= allowed ? (desired, null)
                : (allowed, allowed == max ? $"capped at maxReplicas {max}" : $"scale-up rate limited by policy to {allowed}");
        }

        if (desired < current)
        {
            var limit = Math.Min(ScaleDownLimit(current), current);
            var allowed = Math.Max(min, limit);
            return desired >= allowed ? (desired, null)
                : (allowed, allowed == min ? $"held at minReplicas {min}" : $"scale-down rate limited by policy to {allowed}");
        }

        return (desired, null);
    }

    // calculateScaleUpLimitWithScalingRules: Percent rounds up, so a small count can always grow.
    private int ScaleUpLimit(int current)
    {
        var rules = behavior.ScaleUp;
        if (rules.Select == SelectPolicy.Disabled)
        {
            return current;
        }

        var proposals = rules.Policies.Select(p =>
        {
            var start = PeriodStart(current, p.Period);
            return p.Type == ScalingPolicyType.Pods ? start + p.Value : (int)Math.Ceiling(start * (1 + (p.Value / 100.0)));
        }).ToList();
        return proposals.Count == 0 ? current : rules.Select == SelectPolicy.Min ? proposals.Min() : proposals.Max();
    }

    // calculateScaleDownLimitWithBehaviors: Percent truncates, as the controller's int32 conversion does.
    private int ScaleDownLimit(int current)
    {
        var rules = behavior.ScaleDown;
        if (rules.Select == SelectPolicy.Disabled)
        {
            return current;
        }

        var proposals = rules.Policies.Select(p =>
        {
            var start = PeriodStart(current, p.Period);
            return p.Type == ScalingPolicyType.Pods ? start - p.Value : (int)(start * (1 - (p.Value / 100.0)));
        }).ToList();
        return proposals.Count == 0 ? current : rules.Select == SelectPolicy.Min ? proposals.Max() : proposals.Min();
    }

    /// <summary>The count at the start of the period: changes made inside it undone.</summary>
    private int PeriodStart(int current, TimeSpan period)
    {
        var cutoff = clock.GetUtcNow() - period;
        var added = _scaleUps.Where(e => e.At > cutoff).Sum(e => e.Change);
        var removed = _scaleDowns.Where(e => e.At > cutoff).Sum(e => e.Change);
        return current - added + removed;
    }
}
