namespace Stadium.Service.Platform.Retention;

/// <summary>
/// The "Stadium:Retention" section: how long the store keeps what it no longer needs, and how the sweeper deletes it.
/// The defaults and the reasons for them are in docs/jobs.md#retention.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Stadium:Retention";

    /// <summary>How long an Idempotency-Key answers replays of the post it created; after it the key is free.</summary>
    public TimeSpan IdempotencyKeys { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long completed jobs are kept. Zero: deleted at completion (their results live in the features' tables).</summary>
    public TimeSpan CompletedJobs { get; set; }

    /// <summary>How long dead jobs are kept for an operator to read and retry (`stadium jobs dead`).</summary>
    public TimeSpan DeadJobs { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long an announcement's delivery ledger is kept; at least <see cref="DeadJobs"/>, since a retried
    /// dead batch reads the ledger to skip the recipients it already reached.</summary>
    public TimeSpan Deliveries { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a finished export (its row and its PDF) is kept after it completed or failed.</summary>
    public TimeSpan Exports { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Rows one sweep statement deletes: each batch is its own short transaction.</summary>
    public int SweepBatch { get; set; } = 500;

    /// <summary>How often a node queues the sweep job (one runs at a time across the fleet).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
