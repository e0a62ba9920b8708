namespace Stadium.Service.Platform.Memory;

/// <summary>
/// What the node can learn about its memory: the container's limit, how much of it the process uses now, and the managed
/// heap; and the one thing it may ask of the GC.
/// </summary>
internal interface IMemoryProbe
{
    /// <summary>The container, cgroup or GC hard limit in bytes, or null when the process runs without one.</summary>
    long? ContainerLimit { get; }

    MemoryReading Read();

    HeapReading ReadHeap();

    /// <summary>
    /// Runs a blocking full collection that compacts the heap (the application's threads wait for it), then returns the
    /// native allocator's free pages to the system.
    /// </summary>
    void Compact();
}
