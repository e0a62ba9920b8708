using System.Globalization;
using System.Text;

namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// Splits text into runs by font (per-glyph fallback): each character goes to the first of <see cref="ExportFonts"/>
/// with a glyph for it; spaces and combining marks stay with the run they are in when its font has them, so a mark
/// is drawn in its base character's font. Variation selectors (which ask for emoji or text presentation: the fonts
/// have one only) are left out, and so are invisible format characters no font has (zero-width joiners, tags),
/// instead of becoming empty boxes.
/// </summary>
internal static class FontRuns
{
    public static List<FontRun> Split(string text)
    {
        var runs = new List<FontRun>();
        var current = new StringBuilder();
        ExportFont? font = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF))
            {
                continue;
            }

            ExportFont? chosen;
            if (font is not null && StaysInRun(rune) && font.Covers(value))
            {
                chosen = font;
            }
            else
            {
                chosen = ExportFonts.For(value);
                if (chosen is null && Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
                {
                    continue;
                }

                chosen ??= font ?? ExportFonts.Primary;
            }

            if (chosen != font && current.Length > 0)
            {
                runs.Add(new FontRun(current.ToString(), font!));
                current.Clear();
            }

            font = chosen;
            current.Append(rune.ToString());
        }

        if (current.Length > 0)
        {
            runs.Add(new FontRun(current.ToString(), font!));
        }

        return runs;
    }

    private static bool StaysInRun(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
