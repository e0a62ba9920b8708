namespace Stadium.Service.Platform.Memory;

/// <summary>
/// "Stadium:Memory:Shares": fractions of the budget per in-process cache. The defaults leave a third of the budget
/// to request buffers, pools and GC headroom, and give most of the rest to the two caches that grow with traffic.
/// </summary>
public sealed class MemoryShares
{
    public double Posts { get; set; } = 0.30;

    public double Profiles { get; set; } = 0.05;

    public double Timelines { get; set; } = 0.20;

    public double Celebrities { get; set; } = 0.03;

    public double Tokens { get; set; } = 0.05;

    public double Revocations { get; set; } = 0.02;

    public double Sum => Posts + Profiles + Timelines + Celebrities + Tokens + Revocations;

    /// <summary>Share by cache name (the names the metrics use).</summary>
    public IReadOnlyDictionary<string, double> ByName() => new Dictionary<string, double>
    {
        [CacheNames.Posts] = Posts,
        [CacheNames.Profiles] = Profiles,
        [CacheNames.Timelines] = Timelines,
        [CacheNames.Celebrities] = Celebrities,
        [CacheNames.Tokens] = Tokens,
        [CacheNames.Revocations] = Revocations,
    };
}
