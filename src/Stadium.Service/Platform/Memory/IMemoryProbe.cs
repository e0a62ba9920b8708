namespace Stadium.Service.Platform.Memory;

/// <summary>What the node can learn about its memory: the container's limit, and how much of it the process uses now.</summary>
internal interface IMemoryProbe
{
    /// <summary>The container, cgroup or GC hard limit in bytes, or null when the process runs without one.</summary>
    long? ContainerLimit { get; }

    MemoryReading Read();
}
