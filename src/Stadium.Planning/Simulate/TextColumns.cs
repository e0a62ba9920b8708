namespace Stadium.Planning.Simulate;

/// <summary>A plain console table: the first column left-aligned, the others right-aligned (numbers), two spaces apart.</summary>
internal static class TextColumns
{
    public static void Write(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, TextWriter output)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        output.WriteLine(Line(headers));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }
    }
}
