using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Platform.Retention;

/// <summary>
/// The retention.sweep job: every registered sweep, in batches of "SweepBatch" rows, each batch a statement and a
/// transaction of its own, so a large backlog never holds the write lock for long (SQLite has one writer). A sweep that
/// is stopped part way leaves the oldest rows gone and the rest for the next run; deleting again is harmless.
/// </summary>
internal sealed partial class RetentionSweeper(
    IEnumerable<IRetentionSweep> sweeps, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger) : IJobHandler
{
    public const string JobType = "retention.sweep";

    public string Type => JobType;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var sweep in sweeps)
        {
            await SweepAsync(sweep, now, ct);
        }
    }

    /// <summary>Deletes every row of <paramref name="sweep"/> older than its retention at <paramref name="now"/>; returns how many.</summary>
    internal async Task<long> SweepAsync(IRetentionSweep sweep, DateTimeOffset now, CancellationToken ct)
    {
        var retention = options.Value;
        var keptFor = sweep.KeptFor(retention);
        if (keptFor <= TimeSpan.Zero)
        {
            return 0;
        }

        var before = now - keptFor;
        long total = 0;
        int deleted;
        do
        {
            deleted = await sweep.DeleteBatchAsync(before, retention.SweepBatch, ct);
            total += deleted;
            RetentionMetrics.RecordSwept(sweep.What, deleted);
        }
        while (deleted >= retention.SweepBatch);

        if (total > 0)
        {
            LogSwept(sweep.What, total, before);
        }

        return total;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: deleted {Rows} {What} older than {Before:o}")]
    private partial void LogSwept(string what, long rows, DateTimeOffset before);
}
