using PdfSharp.Fonts;

namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// PDFsharp finds no system fonts on Linux by itself; it gets the fonts of <see cref="ExportFonts"/> from here, each
/// under its own family name. Bold and italic are simulated from the one regular face.
/// </summary>
internal sealed class EmbeddedFontResolver : IFontResolver
{
    private static readonly Lock InstallLock = new();

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

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((ExportFonts.ByFamily(familyName) ?? ExportFonts.Primary).Family, bold, italic);

    public byte[]? GetFont(string faceName) => (ExportFonts.ByFamily(faceName) ?? ExportFonts.Primary).Bytes;
}
