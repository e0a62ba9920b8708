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

    /// <summary>
    /// Keep completed jobs (state completed, with finished_at) instead of deleting them at completion, for the retention
    /// sweeper to delete later. Set from "Stadium:Retention:CompletedJobs" (longer than zero), not from this section.
    /// </summary>
    public bool KeepCompleted { get; set; }

    /// <summary>Settings per job type; a type not listed runs with <see cref="JobTypeOptions"/> defaults.</summary>
    public Dictionary<string, JobTypeOptions> Types { get; set; } = new(StringComparer.Ordinal);

    public JobTypeOptions For(string type) => Types.TryGetValue(type, out var options) ? options : Default;

    private static readonly JobTypeOptions Default = new();
}
