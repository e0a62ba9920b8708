using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Stadium.Lab.Top;

/// <summary>How <c>stadium top</c> shows a table: a Spectre table (refreshed in place by the caller on a terminal), plain aligned lines otherwise, or JSON.</summary>
internal static class TopView
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ToJson(TopTable table) => JsonSerializer.Serialize(table, Json);

    public static IRenderable Render(TopTable table)
    {
        var grid = new Table().Border(TableBorder.Simple)
            .Title($"{Markup.Escape(table.Target)} ({table.Source}): {Number(table.RequestsPerSecond, 1)} requests/s over {Number(table.IntervalSeconds, 1)} s, {table.At:HH:mm:ss}")
            .AddColumn("endpoint");
        foreach (var column in Columns)
        {
            grid.AddColumn(new TableColumn(column).RightAligned());
        }

        foreach (var row in table.Endpoints)
        {
            grid.AddRow([Markup.Escape(row.Endpoint), .. Cells(row)]);
        }

        if (table.Endpoints.Count == 0)
        {
            grid.Caption("no API requests in this interval");
        }

        return grid;
    }

    /// <summary>The same table as plain lines for a pipe or a file: a header, then one line per endpoint.</summary>
    public static IEnumerable<string> Lines(TopTable table)
    {
        yield return $"{table.At:HH:mm:ss} {table.Target} ({table.Source}): {Number(table.RequestsPerSecond, 1)} requests/s over {Number(table.IntervalSeconds, 1)} s";
        var width = Math.Max(8, table.Endpoints.Select(r => r.Endpoint.Length).DefaultIfEmpty(0).Max());
        yield return "endpoint".PadRight(width) + string.Concat(Columns.Select(c => c.PadLeft(12)));
        foreach (var row in table.Endpoints)
        {
            yield return row.Endpoint.PadRight(width) + string.Concat(Cells(row).Select(c => c.PadLeft(12)));
        }
    }

    private static readonly string[] Columns = ["req/s", "share", "p50 ms", "p99 ms", "bytes in", "bytes out", "store/req", "cache/req"];

    private static string[] Cells(TopRow row) =>
    [
        Number(row.RequestsPerSecond, 1),
        Number(row.Share * 100, 1) + " %",
        Number(row.P50Ms, 2),
        Number(row.P99Ms, 2),
        Number(row.BytesInPerRequest, 0),
        Number(row.BytesOutPerRequest, 0),
        Number(row.StoreCallsPerRequest, 2),
        Number(row.CacheCallsPerRequest, 2),
    ];

    private static string Number(double? value, int digits) =>
        value is { } v && double.IsFinite(v) ? v.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "-";
}
