namespace Stadium.Scaling.Hpa;

/// <summary>
/// KEDA's step between zero and one replica, for a target with minReplicas 0 (the HPA itself never goes below 1): the
/// target is active while any metric reads above its activation value. An inactive target at zero stays there; an
/// active one at zero gets one replica; a target that has not been active for the cooldown period goes to zero (one
/// never active since the autoscaler started goes at once, as KEDA scales a new ScaledObject to its minimum). Between
/// one and the maximum the HPA decides.
/// </summary>
internal sealed class KedaActivation(TimeSpan cooldown, TimeProvider clock)
{
    private DateTimeOffset? _lastActive;

    /// <summary>The count KEDA sets, with its reason; null when the HPA decides.</summary>
    public (int Replicas, string Reason)? Decide(int current, string? activeBy)
    {
        var now = clock.GetUtcNow();
        if (activeBy is not null)
        {
            _lastActive = now;
            return current == 0 ? (1, $"activated: {activeBy}") : null;
        }

        if (current == 0)
        {
            return (0, "inactive: every metric is at or below its activation value");
        }

        return _lastActive is null || now - _lastActive >= cooldown
            ? (0, $"inactive for the cooldown period ({cooldown.TotalSeconds:0} s): scaled to zero")
            : null;
    }
}
