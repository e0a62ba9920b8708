namespace Stadium.Service.Platform.Memory;

/// <summary>
/// The node's memory budget, resolved once at start, and each cache's limit in bytes (its share of the budget).
/// An explicit Stadium:Memory:Budget wins; else 60 % of the container limit (the GC itself keeps 75 % of a cgroup
/// limit as its heap hard limit, so 60 % leaves the heap room for requests beyond the caches); else 1 GB.
/// </summary>
internal sealed class MemoryBudget
{
    public const long DefaultBytes = 1L << 30;
    public const double ContainerFraction = 0.60;

    private readonly Dictionary<string, long> _limits;

    public MemoryBudget(long bytes, string source, IReadOnlyDictionary<string, double> shares)
    {
        Bytes = bytes;
        Source = source;
        _limits = shares.ToDictionary(pair => pair.Key, pair => Math.Max(1, (long)(bytes * pair.Value)));
    }

    public long Bytes { get; }

    /// <summary>Where <see cref="Bytes"/> came from: "setting", "container limit" or "default".</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, long> Limits => _limits;

    public long LimitOf(string cache) => _limits[cache];

    public static MemoryBudget Resolve(MemoryOptions options, long? containerLimit)
    {
        if (ByteSize.TryParse(options.Budget, out var bytes))
        {
            return new MemoryBudget(bytes, "setting", options.Shares.ByName());
        }

        return containerLimit is { } limit and > 0
            ? new MemoryBudget((long)(limit * ContainerFraction), "container limit", options.Shares.ByName())
            : new MemoryBudget(DefaultBytes, "default", options.Shares.ByName());
    }
}
