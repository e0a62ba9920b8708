namespace Stadium.Jobs;

/// <summary>The "Stadium:Jobs" section.</summary>
public sealed class JobsOptions
{
    /// <summary>Run workers in this process. Null: yes on the embedded default (SQLite), no on PostgreSQL, where `stadium work` runs them.</summary>
    public bool? RunWorkers { get; set; }

    /// <summary>How often an idle worker looks for jobs when no wake-up arrives (LISTEN/NOTIFY or an in-process enqueue).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>On shutdown, how long running jobs may take to finish before they are cancelled and released.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Connections the queue's own PostgreSQL pool may open (claims, completions, heartbeats, LISTEN).</summary>
    public int MaxConnections { get; set; } = 10;

    /// <summary>Statements the queue's PostgreSQL connections prepare automatically (0: off). Claims, completions and
    /// heartbeats are a handful of fixed statements run thousands of times a second: parse and plan them once.</summary>
    public int MaxAutoPrepare { get; set; } = 32;

    /// <summary>How often metrics re-read queue depth and oldest-job age.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Settings per job type; a type not listed runs with <see cref="JobTypeOptions"/> defaults.</summary>
    public Dictionary<string, JobTypeOptions> Types { get; set; } = new(StringComparer.Ordinal);

    public JobTypeOptions For(string type) => Types.TryGetValue(type, out var options) ? options : Default;

    private static readonly JobTypeOptions Default = new();
}

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
