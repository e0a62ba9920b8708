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

        if (options.ReportPath is not null && results.Load is not null)
        {
            await LoadReports.WriteHtmlAsync(results.Load, options.ReportPath, CancellationToken.None).ConfigureAwait(false);
        }

        var table = new Table().AddColumns("check", "result");
        table.AddRow("hypothesis before / during / after", Markup.Escape(Hypothesis(results.Hypothesis)));
        foreach (var fault in results.Faults)
        {
            table.AddRow(Markup.Escape(fault.Describe), Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"recovery {(fault.RecoverySeconds is { } r ? $"{r:0} s" : "-")}, availability {(fault.Availability is { } a ? $"{a:P2}" : "-")}{(fault.Error is null ? "" : ", " + fault.Error)}")));
        }

        if (results.Writes is { } w)
        {
            table.AddRow("writes", Markup.Escape($"{w.Acknowledged:N0} acknowledged, {w.Lost:N0} lost; {w.Indeterminate:N0} indeterminate, {w.Failed:N0} failed: "
                + $"{w.AppliedOnce:N0} applied once, {w.NotApplied:N0} not applied, {w.AppliedTwice:N0} twice, {w.FailedApplied:N0} applied after an error"));
        }

        if (results.Jobs is { } j)
        {
            table.AddRow("jobs", Markup.Escape($"{j.Exports:N0} exports ({j.Duplicates:N0} twice), {j.Announcements:N0} emails ({j.DuplicateDeliveries:N0} twice)"));
        }

        foreach (var rollback in results.Rollbacks)
        {
            table.AddRow(Markup.Escape("rollback " + rollback.Name), Markup.Escape((rollback.Succeeded ? "done: " : "FAILED: ") + rollback.Detail));
        }

        console.Write(table);
        foreach (var reason in results.Reasons)
        {
            console.MarkupLine("[red]failed:[/] " + Markup.Escape(reason));
        }

        console.MarkupLine(results.Passed ? "[green]Passed.[/]" : "[red]Not passed.[/]");
        console.WriteLine($"Results: {options.ResultsPath}" + (options.ReportPath is null || results.Load is null ? "" : $", report: {options.ReportPath}"));
    }

    private static string Hypothesis(HypothesisResults h) =>
        $"{Verdict(h.Before)} / {(h.During.Count == 0 ? "-" : string.Join(" ", h.During.Select(d => Verdict(d))))} / {Verdict(h.After)}";

    private static string Verdict(HypothesisCheck? check) => check is null ? "-" : check.Passed ? "met" : "NOT met";
}
