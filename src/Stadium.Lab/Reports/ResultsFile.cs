using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stadium.Lab.Reports;

/// <summary>Writes and reads results.json (camelCase, indented).</summary>
internal static class ResultsFile
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(LoadResults results, string path, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, results, Options, ct).ConfigureAwait(false);
    }
}
