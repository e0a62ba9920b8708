namespace Stadium.Jobs;

public sealed class JobTypeOptions
{
    /// <summary>Attempts before the job is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; it doubles with every further attempt (with ±25 % jitter), up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan Backoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Bound on pending jobs of the type (0: unbounded). Past it, enqueue is refused and the endpoint answers 503.</summary>
    public int MaxPending { get; set; }

    /// <summary>Bound on one user's pending jobs of the type (0: unbounded). Past it the endpoint answers 429.</summary>
    public int PerUserMaxPending { get; set; }

    /// <summary>Bound on how long the oldest due job of the type may have waited (zero: unbounded). Past it, enqueue is
    /// refused and the endpoint answers 503: the workers are behind, whatever the depth.</summary>
    public TimeSpan MaxOldestAge { get; set; }

    internal bool HasBounds => MaxPending > 0 || PerUserMaxPending > 0 || MaxOldestAge > TimeSpan.Zero;

    /// <summary>Jobs of the type one worker process runs at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>
    /// Run the handler on threads below normal OS priority (<see cref="Worker.BackgroundCpu"/>): for
    /// CPU-heavy types, so that where workers share cores with the API, requests win the CPU.
    /// </summary>
    public bool LowPriority { get; set; }

    /// <summary>How long a claim holds without a heartbeat; a worker that dies loses its jobs after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);
}
