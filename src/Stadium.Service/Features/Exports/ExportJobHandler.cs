using System.Data.Common;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Features.Exports;

/// <summary>
/// Produces the PDF. The effect is idempotent by construction: the file's name is the export id, and it is
/// replaced atomically, so a re-run after a lost lease rewrites the same file instead of adding one. The export is
/// marked completed in the transaction that finishes its job (<see cref="ExportStore.MarkCompletedAsync"/>).
/// </summary>
internal sealed partial class ExportJobHandler(ExportStore exports, ExportPdfWriter writer, ExportFiles files, TimeProvider time, ILogger<ExportJobHandler> logger) : IJobHandler
{
    /// <summary>What the owner is told about a failed export. The error itself names server paths, hosts and
    /// internals: it goes to the log (and stays on the dead job for operators), never into the API.</summary>
    public const string FailureReason = "The export could not be produced. You can request a new one.";

    public string Type => ExportStore.JobType;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var export = JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web)!;
        await exports.MarkRunningAsync(export.ExportId, ct);
        var fileName = ExportFiles.NameFor(export.ExportId);
        await writer.WriteAsync(export.UserId, files.PathOf(fileName), time.GetUtcNow(), ct);
        if (!await exports.MarkCompletedAsync(job, export.ExportId, fileName, time.GetUtcNow(), ct))
        {
            // Another worker holds the job now and completes the export (the file it writes is this same one).
            throw new JobLeaseLostException(job);
        }
    }

    public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct)
    {
        var export = JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web)!;
        LogExportFailed(logger, export.ExportId, job.Id, job.Attempt, error);
        return exports.MarkFailedAsync(export.ExportId, FailureReason, time.GetUtcNow(), ct);
    }

    public Task OnRetriedAsync(JobRecord job, DbConnection connection, DbTransaction transaction, CancellationToken ct) =>
        ExportStore.MarkRequeuedAsync(connection, transaction, JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web)!.ExportId, ct);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {ExportId} failed for good (job #{JobId}, {Attempts} attempts): {Error}")]
    private static partial void LogExportFailed(ILogger logger, long exportId, long jobId, int attempts, string error);
}
