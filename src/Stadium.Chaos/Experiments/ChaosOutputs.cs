using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Stadium.Lab.Reports;

namespace Stadium.Chaos.Experiments;

/// <summary>results.json, the lab's HTML report with the faults as bands, and the verdict table on the console.</summary>
internal static class ChaosOutputs
{
    public static async Task WriteAsync(ChaosResults results, ExperimentRunOptions options, IAnsiConsole console)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(options.ResultsPath))!;
        Directory.CreateDirectory(folder);
        await using (var stream = File.Create(options.ResultsPath))
        {
            await JsonSerializer.SerializeAsync(stream, results, LoadReports.JsonOptions, CancellationToken.None).ConfigureAwait(false);
        }

        var rows = Rows(results);
        if (options.ReportPath is not null && results.Load is not null)
        {
            await LoadReports.WriteHtmlAsync(results.Load with { Verdict = rows }, options.ReportPath, CancellationToken.None).ConfigureAwait(false);
        }

        var table = new Table().AddColumns("check", "result");
        foreach (var row in rows)
        {
            table.AddRow(Markup.Escape(row.Check), (row.Passed ? "" : "[red]FAILED[/] ") + Markup.Escape(row.Result));
        }

        console.Write(table);
        foreach (var reason in results.Reasons)
        {
            console.MarkupLine("[red]failed:[/] " + Markup.Escape(reason));
        }

        console.MarkupLine(results.Passed ? "[green]Passed.[/]" : "[red]Not passed.[/]");
        console.WriteLine($"Results: {options.ResultsPath}" + (options.ReportPath is null || results.Load is null ? "" : $", report: {options.ReportPath}"));
    }

    /// <summary>The verdict's lines, the same on the console and in the HTML report.</summary>
    internal static List<VerdictRow> Rows(ChaosResults results)
    {
        var h = results.Hypothesis;
        var rows = new List<VerdictRow>
        {
            new("hypothesis before / during / after", Hypothesis(h), new[] { h.Before, h.After }.Concat(h.During).All(c => c is null || c.Passed)),
        };
        foreach (var fault in results.Faults)
        {
            rows.Add(new(fault.Describe, string.Create(CultureInfo.InvariantCulture,
                $"recovery {(fault.RecoverySeconds is { } r ? $"{r:0} s" : "-")}, availability {(fault.Availability is { } a ? $"{a:P2}" : "-")}{(fault.DegradedShare is > 0 and var d ? $" ({d:P1} of the answers marked degraded)" : "")}{(fault.Error is null ? "" : ", " + fault.Error)}"),
                fault.Error is null));
        }

        if (results.Writes is { } w)
        {
            rows.Add(new("writes", Writes(w), w.Passed));
        }

        if (results.Jobs is { } j)
        {
            rows.Add(new("jobs", $"{j.Exports:N0} exports ({j.Duplicates:N0} twice), {j.Announcements:N0} emails ({j.DuplicateDeliveries:N0} twice)", j.Passed));
        }

        rows.AddRange(results.Rollbacks.Select(r => new VerdictRow("rollback " + r.Name, (r.Succeeded ? "done: " : "FAILED: ") + r.Detail, r.Succeeded)));
        return rows;
    }

    /// <summary>Acknowledged writes (lost, mismatched and unreadable apart), then the unacknowledged ones and how they were resolved.</summary>
    internal static string Writes(WritesVerdict w) =>
        $"{w.DescribeAcknowledged()}; {w.Indeterminate:N0} indeterminate, {w.Failed:N0} failed: "
        + $"{w.AppliedOnce:N0} applied once, {w.NotApplied:N0} not applied, {w.AppliedTwice:N0} twice, {w.FailedApplied:N0} applied after an error"
        + string.Create(CultureInfo.InvariantCulture, $" (a 404 read again for {w.RereadSeconds:0.##} s before it counted as lost")
        + (w.Consistency is null ? ")" : $"; reads sent consistency token {w.Consistency})");

    private static string Hypothesis(HypothesisResults h) =>
        $"{Verdict(h.Before)} / {(h.During.Count == 0 ? "-" : string.Join(" ", h.During.Select(d => Verdict(d))))} / {Verdict(h.After)}";

    private static string Verdict(HypothesisCheck? check) => check is null ? "-" : check.Passed ? "met" : "NOT met";
}
