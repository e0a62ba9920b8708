using System.Diagnostics.Metrics;

namespace Stadium.Protection.RateLimits;

/// <summary>
/// stadium.protection.ratelimit.*: refusals by endpoint class and scope (user or address), whether limits are shared
/// through Redis (1) or local (0), the node count the local share divides by, and the switches to local.
/// </summary>
internal sealed class RateLimitMetrics
{
    private readonly Counter<long> _refusals;

    public RateLimitMetrics(IMeterFactory meters, LimitSharing sharing)
    {
        var meter = meters.Create(ProtectionMetrics.MeterName);
        _refusals = meter.CreateCounter<long>("stadium.protection.ratelimit.refusals", "{request}", "Requests refused with 429, by endpoint class and scope (user or address).");
        meter.CreateObservableGauge("stadium.protection.ratelimit.shared", () => sharing.Shared ? 1 : 0, "{state}",
            "1 while limits are shared through Redis, 0 while this node limits locally to its share.");
        meter.CreateObservableGauge("stadium.protection.ratelimit.nodes", () => sharing.Nodes, "{node}",
            "Live nodes last counted through Redis: a node's local share is each limit divided by this.");
        meter.CreateObservableCounter("stadium.protection.ratelimit.fallbacks", () => sharing.Fallbacks, "{switch}",
            "Switches from shared to local limits (Redis failed or answered later than RedisTimeout).");
    }

    public void Refused(LimitKey key) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("class", LimitKey.ClassName(key.Class)),
            new KeyValuePair<string, object?>("scope", key.Scope == LimitScope.User ? "user" : "address"));
}
