namespace Stadium.Protection.Memory;

/// <summary>
/// How close the node is to its memory limit, as its memory monitor last saw it. The shedder reads it to turn away
/// low-priority (bulk) work while memory is critical; a node without a monitor is always <see cref="MemoryPressureLevel.Normal"/>.
/// </summary>
public interface IMemoryPressure
{
    MemoryPressureLevel Level { get; }
}
