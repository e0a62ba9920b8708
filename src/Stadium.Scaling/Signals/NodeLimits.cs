namespace Stadium.Scaling.Signals;

/// <summary>What each node may use: its CPU quota in cores (its core count when uncapped) and its memory limit, if any.</summary>
public sealed record NodeLimits(double CpuCores, long? MemoryBytes)
{
    public static NodeLimits Uncapped => new(Environment.ProcessorCount, null);
}
