namespace Stadium.Protection.Memory;

/// <summary>The values of the <c>stadium.memory.pressure</c> metric.</summary>
public enum MemoryPressureLevel
{
    /// <summary>Below the trim threshold: caches keep what fits their shares.</summary>
    Normal = 0,

    /// <summary>Past the first threshold: caches are trimmed, stale copies first.</summary>
    Trimming = 1,

    /// <summary>Past the second threshold: readiness reports Degraded and bulk work is shed.</summary>
    Critical = 2,
}
