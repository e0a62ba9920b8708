using Microsoft.Extensions.Options;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Keeps the managed heap near what it holds alive. A steady node promotes its medium-lived objects (cache entries, a
/// timeline's posts) into the oldest generation, where they die minutes later; the runtime's background collections
/// find them dead and sweep them, but leave the holes where they were, and new promotions go to fresh memory at the
/// end of the heap instead. The heap (and the process's memory with it) then grows to about twice its live size until
/// the runtime happens to compact, every ten minutes or so: a saw-tooth of a third of the node's memory on a flat load.
/// When the heap has grown past <see cref="MemoryOptions.HeapGrowthLimit"/> times what the latest full collection kept
/// alive (and past a quarter of the budget: a small heap is left to the runtime), and no blocking full collection ran
/// for <see cref="MemoryOptions.MinFullCollectionInterval"/>, the pacer runs one that compacts: a pause of a few tens of
/// milliseconds every minute or two, in exchange for a flat memory line. The JVM's periodic G1 collections and Go's
/// GOGC, as a policy.
/// </summary>
internal sealed class HeapPacer(IMemoryProbe probe, MemoryBudget budget, IOptions<MemoryOptions> options, TimeProvider time)
{
    /// <summary>Below this share of the budget the heap is too small to be worth a collection the runtime did not ask for.</summary>
    public const double FloorShareOfBudget = 0.25;

    private readonly MemoryOptions _options = options.Value;
    private long _lastBlockingCollection = -1;
    private DateTimeOffset _lastCompaction = DateTimeOffset.MinValue;
    private long _started;

    /// <summary>Compacting collections run so far (the metric stadium.memory.gc.paced).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>One look at the heap; true when it ran a compacting collection. The monitor's timer calls it.</summary>
    public bool Check()
    {
        if (_options.HeapGrowthLimit <= 0)
        {
            return false;
        }

        var heap = probe.ReadHeap();
        var now = time.GetUtcNow();
        if (heap.LastBlockingCollection != _lastBlockingCollection)
        {
            // A blocking full collection ran since the last look (the runtime's or ours): it counts as the latest.
            _lastBlockingCollection = heap.LastBlockingCollection;
            _lastCompaction = now;
            return false;
        }

        if (heap.LiveAfterFullCollection is not { } live
            || heap.Bytes < Math.Max(live * _options.HeapGrowthLimit, budget.Bytes * FloorShareOfBudget)
            || now - _lastCompaction < _options.MinFullCollectionInterval)
        {
            return false;
        }

        probe.Compact();
        _lastCompaction = now;
        Interlocked.Increment(ref _started);
        return true;
    }
}
