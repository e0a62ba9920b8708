using System.Text.Json;

namespace Stadium.Infra.Fleet;

/// <summary>Reads and writes <c>&lt;data&gt;/cluster.json</c> (camelCase JSON).</summary>
public static class ClusterStateFile
{
    public const string FileName = "cluster.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathIn(string dataDir) => Path.Combine(Path.GetFullPath(dataDir), FileName);

    /// <summary>
    /// Replaces the file atomically (a temporary file beside it, then rename), so a reader polling it sees the old
    /// content or the new, never half of it.
    /// </summary>
    public static async Task SaveAsync(string path, ClusterState state, CancellationToken ct)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            await JsonSerializer.SerializeAsync(stream, state, Json, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The state in the file, or null when there is none.</summary>
    public static async Task<ClusterState?> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ClusterState>(stream, Json, ct);
        }
        catch (JsonException e)
        {
            throw new InfraCommandException($"{path} is not a cluster state file ({e.Message})");
        }
    }
}
