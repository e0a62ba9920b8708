namespace Stadium.Scaling.Signals;

/// <summary>
/// What each node may use: its CPU quota in cores (its core count when uncapped) and its memory limit, if any.
/// <paramref name="CpuKnown"/> is false when no CPU limit is known and <paramref name="CpuCores"/> is this machine's
/// processor count instead; signals that divide by the cores say so in their explanation.
/// </summary>
public sealed record NodeLimits(double CpuCores, long? MemoryBytes, bool CpuKnown = true)
{
    public static NodeLimits Uncapped => new(Environment.ProcessorCount, null, CpuKnown: false);
}
