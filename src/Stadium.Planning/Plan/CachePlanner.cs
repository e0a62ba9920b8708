using Stadium.Protection.Slo;

namespace Stadium.Planning.Plan;

/// <summary>
/// Cache lifetimes from the SLO file's staleness budgets. A value may be served up to its TTL old by every cache
/// layer it passes (a public post or profile at the edge and on the node: cacheLayers; a feed, private, on the node
/// only), so the TTL is the budget divided by the layers, and never longer than the service's own duration.
/// </summary>
internal static class CachePlanner
{
    public static IReadOnlyList<CacheTtl> Plan(SloObjectives slo, PlanAssumptions assume) =>
    [
        Ttl("feed", "timelines", 1, assume.Get("feedCacheSeconds"), slo),
        Ttl("profile", "profiles", assume["cacheLayers"], assume.Get("profileCacheSeconds"), slo),
        Ttl("post", "posts", assume["cacheLayers"], assume.Get("postCacheSeconds"), slo),
    ];

    /// <summary>The TTL of a cache of <paramref name="budget"/>'s kind read through <paramref name="layers"/> layers.</summary>
    public static CacheTtl Ttl(string cache, string budget, double layers, Sourced duration, SloObjectives slo)
    {
        if (!slo.Staleness.TryGetValue(budget, out var allowed))
        {
            return new CacheTtl(cache, budget, Sourced.Default(0, $"{slo.Source} sets no staleness budget for {budget} (0: none)"),
                Sourced.Derived(duration.Value, $"{duration.Text()} s ({duration.Kind}: {duration.How}); no budget bounds it"));
        }

        var seconds = Sourced.Given(allowed.TotalSeconds, $"{slo.Source}: staleness.{budget}");
        var bound = Math.Floor(allowed.TotalSeconds / layers);
        var ttl = Math.Max(1, Math.Min(duration.Value, bound));
        var layerText = layers == 1 ? "1 layer (private: the node)" : $"{layers:0} layers (edge and node)";
        return new CacheTtl(cache, budget, seconds, Sourced.Derived(ttl,
            $"min({duration.Text()} s ({duration.Kind}), staleness.{budget} {seconds.Text()} s / {layerText})"));
    }
}
