using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Stadium.Lab.Reports;

namespace Stadium.Chaos.Rehearsal;

/// <summary>results.json, the lab's HTML report with the faults as bands, and the gates as a table on the console.</summary>
internal static class RehearsalOutputs
{
    public static async Task WriteAsync(RehearsalResults results, RehearsalOptions options, IAnsiConsole console)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.ResultsPath))!);
        await using (var stream = File.Create(options.ResultsPath))
        {
            await JsonSerializer.SerializeAsync(stream, results, LoadReports.JsonOptions, CancellationToken.None).ConfigureAwait(false);
        }

        if (options.ReportPath is not null && results.Load is not null)
        {
            var verdict = results.Gates.Select(g => new VerdictRow(g.Name, g.Figure, g.Met)).ToList();
            await LoadReports.WriteHtmlAsync(results.Load with { Verdict = verdict }, options.ReportPath, CancellationToken.None).ConfigureAwait(false);
        }

        var table = new Table().AddColumns("gate", "", "figure");
        foreach (var gate in results.Gates)
        {
            table.AddRow(Markup.Escape(gate.Name), gate.Met ? "[green]met[/]" : "[red]MISSED[/]", Markup.Escape(gate.Figure));
        }

        console.Write(table);
        console.MarkupLine(results.Passed ? "[green]Rehearsal passed: every gate held.[/]" : "[red]Rehearsal not passed.[/]" + (results.Interrupted ? " (interrupted)" : ""));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replay the same faults with --seed {results.Seed} --scale {results.Scale:0.####}."));
        console.WriteLine($"Results: {options.ResultsPath}" + (options.ReportPath is null || results.Load is null ? "" : $", report: {options.ReportPath}"));
    }

    /// <summary>The plan before the run: the MAU's real rates beside the scaled ones, and each phase.</summary>
    public static void Describe(RehearsalPlan plan, IAnsiConsole console)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Traffic of {plan.Mau:N0} MAU (stadium plan's model): steady {plan.SteadyArrivals:N1} arrivals/s, login burst +{plan.BurstLogins:N1} logins/s, peaks x{RehearsalPlan.PeakFactor:0.#}"));
        console.WriteLine(plan.ScaleGiven
            ? string.Create(CultureInfo.InvariantCulture, $"Scaled by 1/{plan.Scale:0.####} (--scale); the busiest stretch needs {plan.DemandCores:N1} cores at the measured capacity per core")
            : string.Create(CultureInfo.InvariantCulture,
                $"Scaled by 1/{plan.Scale:0.####}: the busiest stretch needs {plan.DemandCores:N1} cores at the measured capacity per core (bench/capacity/), the cluster starts with {plan.ClusterCores:0.##}"));
        var endpoints = new Table().AddColumns("endpoint", "busy minute (MAU)", "capacity per core", "scaled");
        foreach (var e in plan.Endpoints)
        {
            endpoints.AddRow(e.Name, Rate(e.BusyMinute), Rate(e.CapacityPerCore), Rate(e.Scaled));
        }

        console.Write(endpoints);
        var phases = new Table().AddColumns("phase", "from", "for", "arrivals/s (MAU)", "scaled", "app openings");
        foreach (var p in plan.Phases)
        {
            phases.AddRow(p.Name, Seconds(p.Start), Seconds(p.Duration), Rate(p.RealArrivals), Rate(p.Arrivals), p.LoginShare.ToString("P1", CultureInfo.InvariantCulture));
        }

        console.Write(phases);
    }

    private static string Rate(double value) => value.ToString(value < 10 ? "N2" : "N1", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
