using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>A container limit and memory and heap readings the test sets, in place of the GC's; collections are counted.</summary>
internal sealed class SimulatedMemoryProbe(long? containerLimit = null) : IMemoryProbe
{
    public long? ContainerLimit => containerLimit;

    public MemoryReading Reading { get; set; } = new(100L << 20, 1L << 30);

    /// <summary>Sets the reading to <paramref name="fraction"/> of a 1 GB limit.</summary>
    public void Use(double fraction) => Reading = new MemoryReading((long)(fraction * (1L << 30)), 1L << 30);

    public MemoryReading Read() => Reading;

    public HeapReading Heap { get; set; } = new(50L << 20, null, 0);

    /// <summary>Compacting collections asked for so far.</summary>
    public int CollectionsAsked { get; private set; }

    public HeapReading ReadHeap() => Heap;

    public void Compact() => CollectionsAsked++;
}
