using System.Globalization;
using Dapper;
using Stadium.Data;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Features.Exports;

/// <summary>
/// Finished exports (completed or failed) past "Stadium:Retention:Exports", oldest first through ix_exports_finished:
/// the PDF first, then the row, so a sweep stopped in between leaves a row whose file is gone (the next sweep deletes
/// it), never a file no row names. Pending exports are never swept.
/// </summary>
internal sealed class ExportSweep(IDatabase database, ExportFiles files) : IRetentionSweep
{
    private const string Finished = "status IN ('completed', 'failed') AND completed_at < @before";

    public string What => "exports";

    public TimeSpan KeptFor(RetentionOptions retention) => retention.Exports;

    /// <summary>Returns how many finished exports the batch found (all of them are gone afterwards, rows and files).</summary>
    public async Task<int> DeleteBatchAsync(DateTimeOffset before, int batch, CancellationToken ct)
    {
        var at = before.ToUnixTimeMilliseconds();
        var finished = await database.ReadPrimaryAsync(async connection => (await connection.QueryAsync<(long Id, string? FileName)>(new CommandDefinition(
            $"SELECT id, file_name FROM exports WHERE {Finished} ORDER BY completed_at LIMIT @batch", new { before = at, batch }, cancellationToken: ct))).AsList(), ct);
        if (finished.Count == 0)
        {
            return 0;
        }

        foreach (var (_, fileName) in finished)
        {
            if (fileName is not null)
            {
                // No error when it is already gone (an earlier sweep stopped after deleting it).
                File.Delete(files.PathOf(fileName));
            }
        }

        // The ids are numbers, written into the statement (one literal list reads the same in both dialects); the
        // condition again, so an export whose failure was retried meanwhile (queued again) stays.
        var ids = string.Join(',', finished.Select(e => e.Id.ToString(CultureInfo.InvariantCulture)));
        await database.WriteStatementAsync(connection => connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM exports WHERE id IN ({ids}) AND {Finished}", new { before = at }, cancellationToken: ct)), ct);
        return finished.Count;
    }
}
