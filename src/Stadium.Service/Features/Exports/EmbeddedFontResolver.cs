using PdfSharp.Fonts;

namespace Stadium.Service.Features.Exports;

/// <summary>
/// PDFsharp finds no system fonts on Linux by itself; exports use DejaVu Sans shipped inside this assembly, so
/// they render the same on a bare machine. Bold and italic are simulated from the one face.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Face = "DejaVuSans";
    private static readonly Lock InstallLock = new();
    private static readonly Lazy<byte[]> Regular = new(() =>
    {
        using var stream = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceStream("Stadium.Fonts.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("The embedded export font is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    /// <summary>PDFsharp's font settings are process-wide and may be set only once.</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFontResolver)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFontResolver();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => new(Face, bold, italic);

    public byte[]? GetFont(string faceName) => Regular.Value;
}
