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
}
