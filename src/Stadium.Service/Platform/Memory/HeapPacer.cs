using Microsoft.Extensions.Options;

namespace Stadium.Service.Platform.Memory;

/// <summary>
/// Keeps the managed heap near what it holds alive. Left alone, the workstation GC lets garbage that reached the oldest
/// generation pile up until the heap is about twice its live size before a full collection, so a steady node's memory
/// swings by a third between collections, and a node without a container limit never feels pressure to collect
/// sooner. When the heap has grown past <see cref="MemoryOptions.HeapGrowthLimit"/> times what survived the latest full
/// collection (and past a quarter of the budget: a small heap is left to the runtime), and no full collection ran for
/// <see cref="MemoryOptions.MinFullCollectionInterval"/>, the pacer starts a background one: the JVM's periodic G1
/// collection and Go's GOGC, as a policy. It runs beside the application's threads, so requests do not wait for it.
/// </summary>
internal sealed class HeapPacer(IMemoryProbe probe, MemoryBudget budget, IOptions<MemoryOptions> options, TimeProvider time)
{
    /// <summary>Below this share of the budget the heap is too small to be worth a collection the runtime did not ask for.</summary>
    public const double FloorShareOfBudget = 0.25;

    private readonly MemoryOptions _options = options.Value;
    private int _fullCollections = -1;
    private DateTimeOffset _lastFullCollection = DateTimeOffset.MinValue;
    private long _started;

    /// <summary>Background full collections started so far (the metric stadium.memory.gc.paced).</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>One look at the heap; true when it started a full collection. The monitor's timer calls it.</summary>
    public bool Check()
    {
        if (_options.HeapGrowthLimit <= 0)
        {
            return false;
        }

        var heap = probe.ReadHeap();
        var now = time.GetUtcNow();
        if (heap.FullCollections != _fullCollections)
        {
            // A full collection ran since the last look (the runtime's or ours): it counts as the latest.
            _fullCollections = heap.FullCollections;
            _lastFullCollection = now;
            return false;
        }

        if (heap.LiveAfterFullCollection is not { } live
            || heap.Bytes < Math.Max(live * _options.HeapGrowthLimit, budget.Bytes * FloorShareOfBudget)
            || now - _lastFullCollection < _options.MinFullCollectionInterval)
        {
            return false;
        }

        probe.CollectInBackground();
        _lastFullCollection = now;
        Interlocked.Increment(ref _started);
        return true;
    }
}
