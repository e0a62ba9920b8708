namespace Stadium.Protection.Dependencies;

/// <summary>One dependency's pipeline ("Stadium:Protection:Dependencies:&lt;Name&gt;"): attempt timeout, retries, breaker.</summary>
public sealed class DependencyOptions
{
    /// <summary>Longest one attempt may take (the caller's own token, carrying the request's deadline, still applies); zero = no pipeline timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a failed first attempt, for calls that are safe to repeat only (never a write whose outcome is unknown).</summary>
    public int MaxRetries { get; set; } = 1;

    /// <summary>Delay before the first retry (doubled per retry, ±25 % jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The breaker opens when this share of calls fails within <see cref="BreakerSampling"/>...</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>...with at least this many calls in that window.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSampling { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open breaker refuses calls before letting one through to test the dependency.</summary>
    public TimeSpan BreakerDuration { get; set; } = TimeSpan.FromSeconds(5);
}
