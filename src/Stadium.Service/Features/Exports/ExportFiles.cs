namespace Stadium.Service.Features.Exports;

/// <summary>Where export files live: a folder under the data folder (shared storage when workers run elsewhere).</summary>
internal sealed class ExportFiles(string folder)
{
    public string Folder { get; } = Directory.CreateDirectory(folder).FullName;

    public static string NameFor(long exportId) => $"export-{exportId}.pdf";

    public string PathOf(string fileName) => Path.Combine(Folder, Path.GetFileName(fileName));
}
