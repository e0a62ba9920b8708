namespace Stadium.Protection.Memory;

/// <summary>The level when no memory monitor is registered (a host without in-process caches).</summary>
internal sealed class NoMemoryPressure : IMemoryPressure
{
    public MemoryPressureLevel Level => MemoryPressureLevel.Normal;
}
