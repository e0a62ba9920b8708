using System.Globalization;
using Spectre.Console;

namespace Stadium.Lab.Reports;

/// <summary>The end-of-run table on the console.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, LoadResults r)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{r.Requests:N0} requests in {r.DurationSeconds:0.0} s = {r.RequestsPerSecond:N0} req/s, {r.Errors:N0} errors, {r.DroppedIterations:N0} dropped" + (r.BackedOffIterations > 0 ? $", {r.BackedOffIterations:N0} backed off (Retry-After)" : "")
            + (r.InterruptedIterations > 0 ? $", {r.InterruptedIterations:N0} interrupted (still running at the end)" : ""));
        table.AddColumns("endpoint", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "p99 uncorr.", "failed p99", "statuses / errors");
        foreach (var (name, e) in r.Endpoints.Append(new("all", r.Overall)))
        {
            table.AddRow(
                Markup.Escape(name),
                e.Requests.ToString("N0", CultureInfo.InvariantCulture),
                e.Errors == 0 ? "0" : $"[red]{e.Errors:N0}[/]",
                F(e.P50Ms), F(e.P90Ms), F(e.P99Ms), F(e.P999Ms), F(e.MaxMs), F(e.UncorrectedP99Ms), e.Errors == 0 ? "-" : F(e.FailedP99Ms),
                Markup.Escape(string.Join(" ", e.StatusCodes.Concat(e.ErrorKinds).Select(c => $"{c.Key}:{c.Value}"))));
        }

        console.Write(table);
        if (r.FailedIterations > 0)
        {
            console.MarkupLine(
                $"[red]{r.FailedIterations:N0} iterations failed in the generator[/] (their remaining requests were not sent); the first: {Markup.Escape(r.FirstIterationFailure ?? "")}");
        }

        foreach (var t in r.Thresholds)
        {
            console.MarkupLine(t.Passed
                ? $"[green]pass[/] {Markup.Escape(t.Expression)} ({Markup.Escape(t.Detail)})"
                : $"[red]FAIL[/] {Markup.Escape(t.Expression)} ({Markup.Escape(t.Detail)})");
        }
    }

    private static string F(double ms) => ms.ToString("0.00", CultureInfo.InvariantCulture);
}
