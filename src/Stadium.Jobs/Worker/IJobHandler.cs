using System.Data.Common;

namespace Stadium.Jobs.Worker;

/// <summary>
/// Runs one job type. Delivery is at least once, so a handler must make its effects idempotent: a re-run
/// after a lost lease or a crash must not send a second email or write a second file.
/// </summary>
public interface IJobHandler
{
    string Type { get; }

    /// <summary>Does the work; throwing fails the attempt (retried with backoff until attempts run out).</summary>
    Task HandleAsync(ClaimedJob job, CancellationToken ct);

    /// <summary>Called once when the job is dead-lettered, so the feature can show the failure (e.g. export status "failed").</summary>
    Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Called inside the transaction that takes a dead job back into the queue (<see cref="DeadLetters.RetryAsync"/>),
    /// so the feature's status says the work is pending again (an export "queued" instead of "failed"); the
    /// job's next run then moves it on as usual.
    /// </summary>
    Task OnRetriedAsync(JobRecord job, DbConnection connection, DbTransaction transaction, CancellationToken ct) => Task.CompletedTask;
}
