namespace Stadium.Service.Features.Exports.Text;

/// <summary>One font shipped inside this assembly (<c>Features/Exports/Fonts/</c>), loaded and its cmap read on first use.</summary>
internal sealed class ExportFont
{
    private readonly Lazy<byte[]> _bytes;
    private readonly Lazy<FontCoverage> _coverage;

    public ExportFont(string file)
    {
        File = file;
        Family = "Stadium " + Path.GetFileNameWithoutExtension(file);
        _bytes = new Lazy<byte[]>(() =>
        {
            using var stream = typeof(ExportFont).Assembly.GetManifestResourceStream("Stadium.Fonts." + file)
                ?? throw new InvalidOperationException($"The embedded export font {file} is missing.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
        _coverage = new Lazy<FontCoverage>(() => FontCoverage.Read(_bytes.Value));
    }

    public string File { get; }

    /// <summary>The family (and face) name PDFsharp asks <see cref="EmbeddedFontResolver"/> for.</summary>
    public string Family { get; }

    public byte[] Bytes => _bytes.Value;

    public bool Covers(int codePoint) => _coverage.Value.Covers(codePoint);
}
