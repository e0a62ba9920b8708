using ZiggyCreatures.Caching.Fusion;

namespace Stadium.Service.Platform;

/// <summary>
/// How long each kind of cached read may be served stale while the dependency behind it is down (FusionCache fail-safe):
/// the SLO file's staleness budgets (<c>staleness:</c> in slo.yaml), unless Stadium:Protection:Dependencies:StalenessBudget
/// sets one budget for all of them. A kind the file does not list gets the cache's Stadium:Cache:FailSafeMaxDuration.
/// </summary>
internal sealed class CacheStaleness(IReadOnlyDictionary<string, TimeSpan> budgets, TimeSpan? overrideAll, TimeSpan fallback)
{
    public const string Posts = "posts";
    public const string Profiles = "profiles";
    public const string Celebrities = "celebrities";

    public TimeSpan For(string kind) => overrideAll ?? (budgets.TryGetValue(kind, out var budget) ? budget : fallback);

    /// <summary>Entry options from the cache's defaults (fail-safe on) with this kind's duration and staleness budget.</summary>
    public FusionCacheEntryOptions Entry(IFusionCache cache, string kind, TimeSpan duration)
    {
        var entry = cache.CreateEntryOptions(duration: duration);
        entry.FailSafeMaxDuration = For(kind);
        return entry;
    }
}
