using Stadium.Service.Platform.Memory;

namespace Stadium.Service.Tests.Memory;

/// <summary>A container limit and memory readings the test sets, in place of the GC's.</summary>
internal sealed class SimulatedMemoryProbe(long? containerLimit = null) : IMemoryProbe
{
    public long? ContainerLimit => containerLimit;

    public MemoryReading Reading { get; set; } = new(100L << 20, 1L << 30);

    /// <summary>Sets the reading to <paramref name="fraction"/> of a 1 GB limit.</summary>
    public void Use(double fraction) => Reading = new MemoryReading((long)(fraction * (1L << 30)), 1L << 30);

    public MemoryReading Read() => Reading;
}
