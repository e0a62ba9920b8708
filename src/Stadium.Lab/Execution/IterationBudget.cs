namespace Stadium.Lab.Execution;

/// <summary>A hard cap on iterations for the whole run, so no schedule or typo can run away.</summary>
internal sealed class IterationBudget(long limit)
{
    private long _remaining = limit;

    public static IterationBudget Unlimited => new(long.MaxValue);

    public bool TryTake() => Interlocked.Decrement(ref _remaining) >= 0;
}
