namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// Joins Arabic letters the way a shaping engine would for the basic alphabet: each letter of U+0621-U+064A becomes
/// its isolated, final, initial or medial presentation form (Arabic Presentation Forms-B, which the shipped fonts
/// have), and lam followed by alef becomes the lam-alef ligature. PDFsharp draws glyphs one character at a time, so
/// without this the letters of a word would stand apart. Combining marks (harakat) are transparent: they neither
/// join nor break a join. Letters outside the basic alphabet (Persian, Urdu additions) are left as they are.
/// </summary>
internal static class ArabicShaping
{
    private const char Lam = '\u0644';
    private const char Tatweel = '\u0640';

    /// <summary>For U+0621 + i: the isolated form and how many forms follow it (1 none, 2 right-joining, 4 dual-joining).</summary>
    private static readonly (char Isolated, byte Forms)[] Letters =
    [
        ('\uFE80', 1), ('\uFE81', 2), ('\uFE83', 2), ('\uFE85', 2), ('\uFE87', 2), ('\uFE89', 4), ('\uFE8D', 2), ('\uFE8F', 4),
        ('\uFE93', 2), ('\uFE95', 4), ('\uFE99', 4), ('\uFE9D', 4), ('\uFEA1', 4), ('\uFEA5', 4), ('\uFEA9', 2), ('\uFEAB', 2),
        ('\uFEAD', 2), ('\uFEAF', 2), ('\uFEB1', 4), ('\uFEB5', 4), ('\uFEB9', 4), ('\uFEBD', 4), ('\uFEC1', 4), ('\uFEC5', 4),
        ('\uFEC9', 4), ('\uFECD', 4), ('\0', 0), ('\0', 0), ('\0', 0), ('\0', 0), ('\0', 0), ('\0', 0),
        ('\uFED1', 4), ('\uFED5', 4), ('\uFED9', 4), ('\uFEDD', 4), ('\uFEE1', 4), ('\uFEE5', 4), ('\uFEE9', 4), ('\uFEED', 2),
        ('\uFEEF', 2), ('\uFEF1', 4),
    ];

    public static string Apply(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0621', '\u064A'))
        {
            return text;
        }

        var shaped = new char[text.Length];
        var length = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var forms = Forms(c);
            if (forms == 0)
            {
                shaped[length++] = c;
                continue;
            }

            var previous = Neighbour(text, i, -1);
            var next = Neighbour(text, i, +1);
            var joinsPrevious = previous >= 0 && JoinsForward(text[previous]);
            if (c == Lam && next >= 0 && LamAlef(text[next]) is var ligature and not '\0')
            {
                shaped[length++] = (char)(ligature + (joinsPrevious ? 1 : 0));
                i = next; // the alef is part of the ligature; marks between them are dropped with it
                continue;
            }

            var joinsNext = c != Tatweel && forms == 4 && next >= 0 && Forms(text[next]) >= 2;
            if (c == Tatweel)
            {
                shaped[length++] = c;
                continue;
            }

            var isolated = Letters[c - 0x0621].Isolated;
            shaped[length++] = (joinsPrevious && forms >= 2, joinsNext) switch
            {
                (true, true) => (char)(isolated + 3),
                (false, true) => (char)(isolated + 2),
                (true, false) => (char)(isolated + 1),
                _ => isolated,
            };
        }

        return new string(shaped, 0, length);
    }

    /// <summary>1 non-joining, 2 right-joining, 4 dual-joining (tatweel counts as dual), 0 not a basic Arabic letter.</summary>
    private static int Forms(char c) =>
        c == Tatweel ? 4 : c is >= '\u0621' and <= '\u064A' ? Letters[c - 0x0621].Forms : 0;

    private static bool JoinsForward(char c) => Forms(c) == 4;

    /// <summary>The nearest character in <paramref name="step"/>'s direction that is not a combining mark, or -1.</summary>
    private static int Neighbour(string text, int index, int step)
    {
        for (var i = index + step; i >= 0 && i < text.Length; i += step)
        {
            if (!IsTransparent(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsTransparent(char c) => c is (>= '\u064B' and <= '\u065F') or '\u0670';

    /// <summary>The isolated lam-alef ligature for an alef after lam (its final form is the next code), else '\0'.</summary>
    private static char LamAlef(char alef) => alef switch
    {
        '\u0622' => '\uFEF5',
        '\u0623' => '\uFEF7',
        '\u0625' => '\uFEF9',
        '\u0627' => '\uFEFB',
        _ => '\0',
    };
}
