using System.Text.Json;
using Stadium.Jobs;
using Stadium.Jobs.Worker;

namespace Stadium.Service.Features.Exports;

/// <summary>
/// Produces the PDF. The effect is idempotent by construction: the file's name is the export id, and it is
/// replaced atomically, so a re-run after a lost lease rewrites the same file instead of adding one.
/// </summary>
public sealed class ExportJobHandler(ExportStore exports, ExportPdfWriter writer, ExportFiles files, TimeProvider time) : IJobHandler
{
    public string Type => ExportStore.JobType;

    public async Task HandleAsync(ClaimedJob job, CancellationToken ct)
    {
        var export = JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web)!;
        await exports.MarkRunningAsync(export.ExportId, ct);
        var fileName = ExportFiles.NameFor(export.ExportId);
        await writer.WriteAsync(export.UserId, files.PathOf(fileName), time.GetUtcNow(), ct);
        await exports.MarkCompletedAsync(export.ExportId, fileName, time.GetUtcNow(), ct);
    }

    public Task OnDeadAsync(ClaimedJob job, string error, CancellationToken ct)
    {
        var export = JsonSerializer.Deserialize<ExportJob>(job.Payload, JsonSerializerOptions.Web)!;
        return exports.MarkFailedAsync(export.ExportId, error, time.GetUtcNow(), ct);
    }
}

/// <summary>Where export files live: a folder under the data folder (shared storage when workers run elsewhere).</summary>
public sealed class ExportFiles(string folder)
{
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public static string NameFor(long exportId) => $"export-{exportId}.pdf";

    public string PathOf(string fileName) => Path.Combine(Folder, Path.GetFileName(fileName));
}
