namespace Stadium.Service.Platform;

/// <summary>
/// Parsed <c>cursor</c> and <c>limit</c>. Cursors are opaque to clients; they carry the last id
/// seen, so pages never overlap or skip while new items arrive at the top.
/// </summary>
public readonly record struct PageRequest(long? Before, int Limit)
{
    public static PageRequest Parse(string? cursor, string? limit, LimitOptions limits, ValidationErrors errors)
    {
        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                before = id;
            }
            else
            {
                errors.Add("cursor", "Not a cursor this API issued.");
            }
        }

        var size = limits.DefaultPageSize;
        if (!string.IsNullOrEmpty(limit))
        {
            if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size < 1 || size > limits.MaxPageSize)
            {
                errors.Add("limit", $"Must be a whole number from 1 to {limits.MaxPageSize}.");
            }
        }

        return new PageRequest(before, size);
    }

    /// <summary>
    /// Turns rows fetched with <c>Limit + 1</c> into a page: the extra row only tells whether another
    /// page exists, and the cursor is the id of the last item shown.
    /// </summary>
    public Page<T> ToPage<TRow, T>(IReadOnlyList<TRow> rows, Func<TRow, T> map, Func<T, long> id)
    {
        var items = new List<T>(Math.Min(rows.Count, Limit));
        for (var i = 0; i < rows.Count && i < Limit; i++)
        {
            items.Add(map(rows[i]));
        }

        return new Page<T>(items, rows.Count > Limit ? Cursor(id(items[^1])) : null);
    }

    public static string Cursor(long lastId) => lastId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
