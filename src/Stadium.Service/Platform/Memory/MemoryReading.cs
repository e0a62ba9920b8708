namespace Stadium.Service.Platform.Memory;

/// <summary>One sample: bytes in use (the larger of working set and GC heap) against the memory the GC may use.</summary>
internal readonly record struct MemoryReading(long Used, long Limit)
{
    public double Fraction => Limit <= 0 ? 0 : (double)Used / Limit;
}
