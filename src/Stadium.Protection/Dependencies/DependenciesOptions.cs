namespace Stadium.Protection.Dependencies;

/// <summary>"Stadium:Protection:Dependencies": the retry budget every pipeline shares the rules of, and each dependency's pipeline.</summary>
public sealed class DependenciesOptions
{
    public const string Section = "Stadium:Protection:Dependencies";

    /// <summary>Whether retries are limited by a budget. Off only to measure what the budget prevents (bench/retry-storm.sh).</summary>
    public bool RetryBudgets { get; set; } = true;

    /// <summary>Retries at most this share of a dependency's calls over <see cref="RetryBudgetWindow"/>...</summary>
    public double RetryBudgetRatio { get; set; } = 0.2;

    /// <summary>...plus this many per second, so a rarely called dependency can still retry a single failure.</summary>
    public double RetryBudgetMinPerSecond { get; set; } = 1;

    public TimeSpan RetryBudgetWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How stale a cached read may be served while its dependency is down (FusionCache fail-safe). Null: the cache's own
    /// <c>Stadium:Cache:FailSafeMaxDuration</c>. The seam the SLO file's staleness budgets set.
    /// </summary>
    public TimeSpan? StalenessBudget { get; set; }

    public DependencyOptions Primary { get; set; } = new() { MaxRetries = 1 };

    public DependencyOptions Replicas { get; set; } = new() { MaxRetries = 2 };

    /// <summary>
    /// No pipeline timeout: StackExchange.Redis bounds each command (Stadium:Redis:OperationTimeout), and a timeout here
    /// would also cut the store reads that build a missing timeline inside the same call. No retries: every Redis caller
    /// has an immediate local fallback, which beats waiting for a second try. One failure in two over the last second
    /// opens the breaker: a frozen Redis costs each request a command timeout until it opens, so it must open within
    /// about a second however many calls succeeded before.
    /// </summary>
    public DependencyOptions Redis { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.Zero,
        MaxRetries = 0,
        BreakerMinimumThroughput = 2,
        BreakerSampling = TimeSpan.FromSeconds(1),
        BreakerDuration = TimeSpan.FromSeconds(2),
    };

    /// <summary>A send whose answer was lost may have been delivered, so sends are never retried; connecting is marked safe but not retried by default (the job queue retries the batch).</summary>
    public DependencyOptions Smtp { get; set; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(30),
        MaxRetries = 0,
        BreakerSampling = TimeSpan.FromSeconds(30),
        BreakerDuration = TimeSpan.FromSeconds(15),
    };

    public DependencyOptions For(string dependency) => dependency switch
    {
        DependencyNames.Primary => Primary,
        DependencyNames.Replicas => Replicas,
        DependencyNames.Redis => Redis,
        DependencyNames.Smtp => Smtp,
        _ => throw new ArgumentException($"No dependency '{dependency}'; known: {string.Join(", ", DependencyNames.All)}", nameof(dependency)),
    };
}
