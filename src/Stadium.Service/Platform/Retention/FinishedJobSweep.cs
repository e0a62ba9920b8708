using Stadium.Jobs;

namespace Stadium.Service.Platform.Retention;

/// <summary>Completed or dead jobs, by when they finished.</summary>
internal sealed class FinishedJobSweep(IJobQueue queue, string state) : IRetentionSweep
{
    public string What => state == JobState.Dead ? "dead_jobs" : "completed_jobs";

    public TimeSpan KeptFor(RetentionOptions retention) => state == JobState.Dead ? retention.DeadJobs : retention.CompletedJobs;

    public Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct) => queue.DeleteFinishedAsync(state, before, batch, ct);
}
