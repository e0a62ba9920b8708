using System.Globalization;
using Spectre.Console;

namespace Stadium.Lab.Reports;

/// <summary>
/// The end-of-run summary on the console: the headline (requests, successes, errors, declared sheds), planned against
/// started arrivals, the per-endpoint table and the thresholds. The table takes the richest of its layouts that fits
/// the console's width whole (wide: every percentile and the service-time p99; narrow, below about 100 columns: p50,
/// p95, p99, max), so a number is never wrapped across lines or cut; statuses are listed under it, where text may wrap
/// between words.
/// </summary>
internal static class SummaryTable
{
    private static readonly Column[] Wide =
    [
        new("requests", e => N(e.Requests)), new("req/s", e => Rate(e.RequestsPerSecond)), new("errors", e => N(e.Errors), Red: true),
        new("shed", e => N(e.Shed), ShedOnly: true), new("p50", e => Latency(e, e.P50Ms)), new("p90", e => Latency(e, e.P90Ms)), new("p95", e => Latency(e, e.P95Ms)),
        new("p99", e => Latency(e, e.P99Ms)), new("p99.9", e => Latency(e, e.P999Ms)), new("max", e => Latency(e, e.MaxMs)), new("svc p99", e => Latency(e, e.UncorrectedP99Ms)),
        new("failed p99", e => e.Errors == 0 ? "-" : Ms(e.FailedP99Ms)),
    ];

    private static readonly Column[] Narrow =
    [
        new("req", e => N(e.Requests)), new("req/s", e => Rate(e.RequestsPerSecond)), new("err", e => N(e.Errors), Red: true),
        new("shed", e => N(e.Shed), ShedOnly: true), new("p50", e => Latency(e, e.P50Ms)), new("p95", e => Latency(e, e.P95Ms)), new("p99", e => Latency(e, e.P99Ms)),
        new("max", e => Latency(e, e.MaxMs)),
    ];

    private static readonly Column[] Smallest =
    [
        new("req", e => N(e.Requests)), new("err", e => N(e.Errors), Red: true), new("p95", e => Latency(e, e.P95Ms)), new("p99", e => Latency(e, e.P99Ms)),
    ];

    public static void Write(IAnsiConsole console, LoadResults r)
    {
        foreach (var line in Headline(r))
        {
            console.MarkupLine(line);
        }

        var rows = r.Endpoints.Append(new("all", r.Overall)).ToArray();
        var width = console.Profile.Width;
        var layouts = new[] { Wide, Narrow, Smallest }.Select(l => l.Where(c => !c.ShedOnly || r.Shed > 0).ToArray()).ToArray();
        var table = layouts.Select(l => Build(l, rows)).FirstOrDefault(t => NaturalWidth(t) <= width) ?? Build(layouts[^1], rows, wrapNames: true);
        console.Write(table);
        console.MarkupLine("[grey]Latency in ms from the intended start, of successful answers" + (table.Columns.Count > 9 ? "; svc p99 from the send" : "") + ".[/]");
        foreach (var (name, e) in rows.SkipLast(1))
        {
            var codes = string.Join(" ", e.StatusCodes.Concat(e.ErrorKinds).Select(c => $"{c.Key}:{N(c.Value)}"));
            console.MarkupLine($"  {Markup.Escape(name)}: {Markup.Escape(codes)}" + (e.Shed > 0 ? $" ({N(e.Shed)} shed)" : "")
                + (e.Degraded > 0 ? $" ({N(e.Degraded)} degraded)" : ""));
        }

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

    private static IEnumerable<string> Headline(LoadResults r)
    {
        var succeeded = r.Requests - r.Errors - r.Shed;
        var errorRate = r.Requests == 0 ? 0 : (double)r.Errors / r.Requests;
        yield return $"[bold]{N(r.Requests)} requests[/] in {r.DurationSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s = {Rate(r.RequestsPerSecond)} req/s: "
            + $"{N(succeeded)} succeeded" + (r.Degraded > 0 ? $" ({N(r.Degraded)} of them marked Stadium-Degraded)" : "") + ", " + (r.Errors == 0 ? "0 errors" : $"[red]{N(r.Errors)} errors[/] ({errorRate.ToString("0.##%", CultureInfo.InvariantCulture)})")
            + (r.Shed > 0 ? $", {N(r.Shed)} shed as the scenario expects (503/429 + Retry-After, not errors)" : "");

        var interrupted = r.InterruptedIterations > 0 ? $", {N(r.InterruptedIterations)} interrupted" : "";
        if (r.PlannedArrivals is { } planned)
        {
            var open = r.PhaseRuns.Where(p => p.PlannedArrivals is not null).ToArray();
            yield return $"Arrivals: planned {N(planned)}, started {N(r.StartedArrivals ?? 0)} ({N(open.Sum(p => p.BackedOff))} backed off, "
                + $"{N(open.Sum(p => p.Dropped))} dropped{interrupted}); offered {Rate(r.OfferedArrivalsPerSecond ?? 0)}/s, achieved {Rate(r.AchievedArrivalsPerSecond ?? 0)}/s";
        }
        else
        {
            yield return $"Iterations: started {N(r.StartedIterations)} ({N(r.BackedOffIterations)} backed off, {N(r.DroppedIterations)} dropped{interrupted})";
        }

        if (r.PhaseRuns.Count > 1)
        {
            foreach (var p in r.PhaseRuns)
            {
                if (!p.Ran)
                {
                    yield return $"  {Markup.Escape(p.Name)}: [yellow]did not run[/] (the run's time was up before it began)";
                    continue;
                }

                var plan = p.PlannedArrivals is { } n
                    ? $"planned {N(n)}, started {N(p.Started)}, offered {Rate(p.OfferedPerSecond ?? 0)}/s, achieved {Rate(p.AchievedPerSecond)}/s"
                    : $"started {N(p.Started)} iterations, {Rate(p.AchievedPerSecond)}/s";
                yield return $"  {Markup.Escape(p.Name)}: {plan}"
                    + (p.BackedOff + p.Dropped > 0 ? $" ({N(p.BackedOff)} backed off, {N(p.Dropped)} dropped)" : "");
            }
        }
    }

    private static Table Build(IReadOnlyList<Column> columns, IReadOnlyList<KeyValuePair<string, EndpointResult>> rows, bool wrapNames = false)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(wrapNames ? new TableColumn("endpoint") : new TableColumn("endpoint").NoWrap());
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(column.Header).RightAligned().NoWrap());
        }

        foreach (var (name, e) in rows)
        {
            table.AddRow([Markup.Escape(name), .. columns.Select(c => c.Red && c.Value(e) != "0" ? $"[red]{c.Value(e)}[/]" : c.Value(e))]);
        }

        return table;
    }

    /// <summary>The table's width when nothing constrains it: rendered once, off screen.</summary>
    private static int NaturalWidth(Table table)
    {
        var text = new StringWriter();
        var probe = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        probe.Profile.Width = 10_000;
        probe.Write(table);
        return text.ToString().Split('\n').Max(l => l.TrimEnd('\r').Length);
    }

    internal static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Rate(double perSecond) => perSecond.ToString(perSecond < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    /// <summary>A successful answers' figure; "-" when there were none (0.00 would read as a fast target).</summary>
    private static string Latency(EndpointResult e, double ms) => e.Requests - e.Errors - e.Shed == 0 ? "-" : Ms(ms);

    /// <summary>Milliseconds in at most about six characters: 0.42, 12.3, 1,118.</summary>
    internal static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    private sealed record Column(string Header, Func<EndpointResult, string> Value, bool Red = false, bool ShedOnly = false);
}
