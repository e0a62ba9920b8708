using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// One size and style of text drawn with per-glyph fallback over <see cref="ExportFonts"/>: a line's Arabic letters are
/// joined (<see cref="ArabicShaping"/>), the line is put in visual order (<see cref="VisualOrder"/>), split into runs
/// by font (<see cref="FontRuns"/>) and drawn run after run.
/// Fonts are embedded as Unicode (Identity-H with a ToUnicode map), so the text stays searchable and copyable.
/// </summary>
internal sealed class FallbackFont(double size, XFontStyleEx style = XFontStyleEx.Regular)
{
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly Dictionary<ExportFont, XFont> _fonts = [];

    /// <summary>The line height, taken from the primary font.</summary>
    public double Height => For(ExportFonts.Primary).GetHeight();

    public double Measure(XGraphics graphics, string text)
    {
        var width = 0.0;
        foreach (var run in FontRuns.Split(ArabicShaping.Apply(text)))
        {
            width += graphics.MeasureString(run.Text, For(run.Font)).Width;
        }

        return width;
    }

    /// <summary>Draws one line with its baseline at <paramref name="baseline"/>.</summary>
    public void Draw(XGraphics graphics, string line, XBrush brush, double x, double baseline)
    {
        foreach (var run in FontRuns.Split(VisualOrder.Apply(ArabicShaping.Apply(line))))
        {
            var font = For(run.Font);
            graphics.DrawString(run.Text, font, brush, new XPoint(x, baseline));
            x += graphics.MeasureString(run.Text, font).Width;
        }
    }

    private XFont For(ExportFont font)
    {
        lock (_fonts)
        {
            if (!_fonts.TryGetValue(font, out var xfont))
            {
                xfont = new XFont(font.Family, size, style, Unicode);
                _fonts[font] = xfont;
            }

            return xfont;
        }
    }
}
