using System.Text.Json;

namespace Stadium.Chaos.Faults;

/// <summary>
/// <c>&lt;data&gt;/chaos-faults.json</c>: the faults active now. Written before a fault starts and again once it has
/// started (with what its undo needs), removed after its revert; replaced atomically, one writer at a time in this process.
/// </summary>
internal sealed class FaultLedger(string path)
{
    public const string FileName = "chaos-faults.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly SemaphoreSlim OneWriter = new(1, 1);

    public async Task<IReadOnlyList<FaultRecord>> ReadAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<List<FaultRecord>>(stream, Json, ct) ?? [];
        }
        catch (JsonException e)
        {
            throw new FaultException($"{path} is not a list of faults ({e.Message}); undo what it names by hand and remove it");
        }
    }

    /// <summary>Adds the record, or replaces the one with its id.</summary>
    public Task PutAsync(FaultRecord record, CancellationToken ct) =>
        ChangeAsync(records => [.. records.Where(r => r.Id != record.Id), record], ct);

    public Task RemoveAsync(string id, CancellationToken ct) => ChangeAsync(records => [.. records.Where(r => r.Id != id)], ct);

    private async Task ChangeAsync(Func<IReadOnlyList<FaultRecord>, List<FaultRecord>> change, CancellationToken ct)
    {
        await OneWriter.WaitAsync(ct);
        try
        {
            var records = change(await ReadAsync(ct));
            if (records.Count == 0)
            {
                File.Delete(path);
                return;
            }

            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                await JsonSerializer.SerializeAsync(stream, records, Json, ct);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            OneWriter.Release();
        }
    }
}
