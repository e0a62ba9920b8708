using System.Globalization;
using System.Text;

namespace Stadium.Service.Features.Exports.Text;

/// <summary>
/// Puts a line of right-to-left text (Hebrew, Arabic and the other RTL scripts) into the left-to-right order it is
/// drawn in: a simplified Unicode bidirectional algorithm with two levels. The paragraph direction is that of its first
/// strong character; spaces and punctuation between two characters of one direction take it, otherwise the
/// paragraph's; right-to-left runs are reversed (by text element, so a mark stays on its letter), and in a
/// right-to-left paragraph the runs are laid out right to left, left-to-right runs (Latin words, numbers) keeping
/// their own order. Not done: mirrored brackets, explicit embeddings, right alignment of right-to-left paragraphs.
/// Arabic letters are joined before this (<see cref="ArabicShaping"/>).
/// </summary>
internal static class VisualOrder
{
    private enum Direction
    {
        Neutral,
        Left,
        Right,
    }

    public static string Apply(string line)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(line);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var directions = elements.Select(Classify).ToArray();
        if (!directions.Contains(Direction.Right))
        {
            return line;
        }

        var paragraph = directions.FirstOrDefault(d => d != Direction.Neutral);
        Resolve(directions, paragraph);

        var runs = new List<(Direction Direction, List<string> Elements)>();
        for (var i = 0; i < elements.Count; i++)
        {
            if (runs.Count == 0 || runs[^1].Direction != directions[i])
            {
                runs.Add((directions[i], []));
            }

            runs[^1].Elements.Add(elements[i]);
        }

        if (paragraph == Direction.Right)
        {
            runs.Reverse();
        }

        var visual = new StringBuilder(line.Length);
        foreach (var (direction, run) in runs)
        {
            if (direction == Direction.Right)
            {
                run.Reverse();
            }

            foreach (var element in run)
            {
                visual.Append(element);
            }
        }

        return visual.ToString();
    }

    /// <summary>Neutrals between two strong characters of one direction take it; the rest take the paragraph's.</summary>
    private static void Resolve(Direction[] directions, Direction paragraph)
    {
        var i = 0;
        while (i < directions.Length)
        {
            if (directions[i] != Direction.Neutral)
            {
                i++;
                continue;
            }

            var end = i;
            while (end < directions.Length && directions[end] == Direction.Neutral)
            {
                end++;
            }

            var before = i > 0 ? directions[i - 1] : paragraph;
            var after = end < directions.Length ? directions[end] : paragraph;
            var resolved = before == after ? before : paragraph;
            Array.Fill(directions, resolved, i, end - i);
            i = end;
        }
    }

    private static Direction Classify(string element)
    {
        var rune = Rune.GetRuneAt(element, 0);
        if (IsRightToLeft(rune.Value))
        {
            return Direction.Right;
        }

        return Rune.IsLetterOrDigit(rune) ? Direction.Left : Direction.Neutral;
    }

    /// <summary>Hebrew, Arabic, Syriac, Thaana, N'Ko and the other RTL blocks, with their presentation forms.</summary>
    private static bool IsRightToLeft(int c) =>
        c is (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF)
            or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
