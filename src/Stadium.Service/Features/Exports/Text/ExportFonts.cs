namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// The fonts an export draws with, in fallback order: each character is drawn with the first font that has a glyph
/// for it. DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols; Noto fonts add scripts it
/// lacks; Symbola has monochrome outlines of the emoji; Droid Sans Fallback covers Chinese, Japanese and Korean.
/// All ship inside the assembly (about 9.4 MB, licences in <c>Fonts/LICENSE-*</c>), so an export never depends on
/// the fonts a machine happens to have. Only the glyphs used are embedded in a PDF (PDFsharp subsets them).
/// </summary>
internal static class ExportFonts
{
    public static readonly IReadOnlyList<ExportFont> All =
    [
        new("DejaVuSans.ttf"),
        new("NotoSansHebrew-Regular.ttf"),
        new("NotoSansArabic-Regular.ttf"),
        new("NotoSansDevanagari-Regular.ttf"),
        new("NotoSansBengali-Regular.ttf"),
        new("NotoSansThai-Regular.ttf"),
        new("NotoSansArmenian-Regular.ttf"),
        new("NotoSansGeorgian-Regular.ttf"),
        new("NotoSansEthiopic-Regular.ttf"),
        new("NotoSansSymbols2-Regular.ttf"),
        new("Symbola.ttf"),
        new("DroidSansFallbackFull.ttf"),
    ];

    /// <summary>The font everything no other font covers is drawn with.</summary>
    public static ExportFont Primary => All[0];

    /// <summary>The first font with a glyph for <paramref name="codePoint"/>, or null when none has one.</summary>
    public static ExportFont? For(int codePoint)
    {
        foreach (var font in All)
        {
            if (font.Covers(codePoint))
            {
                return font;
            }
        }

        return null;
    }

    public static ExportFont? ByFamily(string family) => All.FirstOrDefault(f => string.Equals(f.Family, family, StringComparison.OrdinalIgnoreCase));
}
