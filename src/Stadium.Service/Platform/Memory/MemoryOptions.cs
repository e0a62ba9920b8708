namespace Stadium.Service.Platform.Memory;

/// <summary>"Stadium:Memory": the node's memory budget, each in-process cache's share of it, and the pressure thresholds.</summary>
public sealed class MemoryOptions
{
    public const string Section = "Stadium:Memory";

    /// <summary>
    /// Bytes ("536870912") or a size ("512MB", "2GB"). Unset: 60 % of the container or cgroup memory limit when one
    /// applies, else 1 GB.
    /// </summary>
    public string? Budget { get; set; }

    /// <summary>Each cache's fraction of the budget; together at most 1 (the rest is working memory for requests and the GC).</summary>
    public MemoryShares Shares { get; set; } = new();

    /// <summary>Past this fraction of the memory limit the caches are trimmed, stale copies first.</summary>
    public double TrimAt { get; set; } = 0.80;

    /// <summary>Past this fraction the node reports Degraded readiness and sheds bulk work.</summary>
    public double CriticalAt { get; set; } = 0.90;

    /// <summary>How much of each cache one trim removes.</summary>
    public double TrimFraction { get; set; } = 0.25;

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A compacting full collection runs when the managed heap occupies more than this multiple of what survived the last
    /// one (see HeapPacer); 0 leaves the timing to the runtime alone.
    /// </summary>
    public double HeapGrowthLimit { get; set; } = 1.2;

    /// <summary>The least time between two compacting collections the node runs (or a blocking one the runtime ran and one the node runs).</summary>
    public TimeSpan MinFullCollectionInterval { get; set; } = TimeSpan.FromSeconds(30);
}
