using System.Text.Json;

namespace Stadium.Infra;

/// <summary>Reads and writes <c>D/stadium.json</c>.</summary>
public static class InfraSettingsFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathIn(string dir) => Path.Combine(Path.GetFullPath(dir), InfraSettings.FileName);

    /// <summary>Writes the file readable by its owner only (it holds local passwords), replacing it atomically.</summary>
    internal static async Task SaveAsync(string path, InfraSettings settings, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await using (var stream = new FileStream(temporary, FileModes.CreateWith(FileModes.OwnerOnly)))
        {
            await JsonSerializer.SerializeAsync(stream, settings, Json, ct);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static async Task<InfraSettings> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new InfraCommandException(
                $"no settings file at {path}: run `stadium infra up --dir {Path.GetDirectoryName(path)}` first");
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<InfraSettings>(stream, Json, ct)
            ?? throw new InfraCommandException($"{path} is empty");
    }
}
