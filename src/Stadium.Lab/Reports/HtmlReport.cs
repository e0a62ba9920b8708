using System.Globalization;
using System.Net;
using System.Text;

namespace Stadium.Lab.Reports;

/// <summary>One self-contained HTML file: summary, the calling tool's verdict, endpoint table, thresholds, and the PNG charts inlined.</summary>
internal static class HtmlReport
{
    public static async Task WriteAsync(LoadResults results, string path, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, Render(results), ct).ConfigureAwait(false);
    }

    public static string Render(LoadResults r)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>stadium load: {{E(r.Mode)}} against {{E(r.Target)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .fail { color: #b00; font-weight: bold; } .pass { color: #070; }
            img { display: block; margin: 1em 0; max-width: 100%; }
            </style></head><body>
            <h1>stadium load: {{E(r.Mode)}}</h1>
            <p>Target {{E(r.Target)}}, started {{r.StartedAt:u}}, {{r.DurationSeconds:0.0}} s.
            {{r.Requests:N0}} requests, {{r.Errors:N0}} errors, {{r.RequestsPerSecond:N0}} req/s, {{r.DroppedIterations:N0}} dropped arrivals, {{r.InterruptedIterations:N0}} interrupted (still running at the end), {{r.BackedOffIterations:N0}} iterations backed off (an account waiting out a shed login's Retry-After),
            {{r.BytesSent:N0}} bytes sent, {{r.BytesReceived:N0}} received.
            {{r.FailedIterations:N0}} iterations failed in the generator{{(r.FirstIterationFailure is null ? "" : " (the first: " + E(r.FirstIterationFailure) + ")")}}.</p>
            {{(r.Interrupted ? "<p class=\"fail\">Interrupted: the run was stopped before the end of its plan; these figures cover what ran.</p>" : "")}}
            <p>Latency is measured from each request's intended start (corrected for coordinated omission);
            "uncorrected" is the service time from the actual send, for comparison.</p>
            """);
        if (r.Verdict.Count > 0)
        {
            PassFailTable(html, "Verdict", ["check", "result", "verdict"], r.Verdict.Select(v => (v.Check, v.Result, v.Passed)), "held", "FAILED");
        }

        html.Append("<h2>Phases</h2><ul>");
        foreach (var phase in r.Phases)
        {
            html.Append("<li>").Append(E(phase)).Append("</li>");
        }

        html.Append("</ul>");
        if (r.Profile is { Count: > 0 })
        {
            html.Append("<h2>Traffic derived from MAU</h2><pre>");
            foreach (var line in r.Profile)
            {
                html.Append(E(line)).Append('\n');
            }

            html.Append("</pre>");
        }

        html.Append("<h2>Endpoints</h2><table><tr><th>endpoint</th><th>route</th><th>requests</th><th>errors</th><th>req/s</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th><th>p99 uncorrected</th><th>statuses</th><th>error kinds</th></tr>");
        foreach (var (name, e) in r.Endpoints.Append(new("all", r.Overall)))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(name)}</td><td>{E(e.Method)} {E(e.Route)}</td><td>{e.Requests:N0}</td><td>{e.Errors:N0}</td><td>{e.RequestsPerSecond:N1}</td><td>{e.P50Ms:0.##}</td><td>{e.P90Ms:0.##}</td><td>{e.P99Ms:0.##}</td><td>{e.P999Ms:0.##}</td><td>{e.MaxMs:0.##}</td><td>{e.UncorrectedP99Ms:0.##}</td><td>{E(Join(e.StatusCodes))}</td><td>{E(Join(e.ErrorKinds))}</td></tr>");
        }

        html.Append("</table><p>Times in ms.</p>");
        if (r.Thresholds.Count > 0)
        {
            PassFailTable(html, "Thresholds", ["threshold", "measured", "verdict"], r.Thresholds.Select(t => (t.Expression, t.Detail, t.Passed)), "pass", "FAIL");
        }

        if (r.FaultBands.Count > 0)
        {
            html.Append("<h2>Faults</h2><p>Shaded orange on the charts below.</p><ul>");
            foreach (var band in r.FaultBands)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(band.Label)}: second {band.FromSeconds:0.#} to {band.ToSeconds:0.#}</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<h2>Over time</h2>");
        html.Append("<p>Latency charts use a log scale, one per endpoint group: solid lines are corrected (from the intended start), dashed lines the service time (from the actual send); dotted vertical lines mark where each phase began.</p>");
        foreach (var panel in ChartSeries.LatencyPanels(r))
        {
            Chart(html, $"Latency per second: {panel.Title}", $"latency over time: {panel.Title}", ChartRenderer.Latency(panel));
        }

        Chart(html, "Throughput (completed requests per second)", "throughput over time", ChartRenderer.Throughput(r));
        Chart(html, "Errors per second", "errors over time", ChartRenderer.Errors(r));
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void PassFailTable(StringBuilder html, string heading, string[] columns, IEnumerable<(string Name, string Detail, bool Passed)> rows, string pass, string fail)
    {
        html.Append("<h2>").Append(E(heading)).Append("</h2><table><tr>");
        foreach (var column in columns)
        {
            html.Append("<th>").Append(E(column)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var (name, detail, passed) in rows)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(name)}</td><td>{E(detail)}</td><td class=\"{(passed ? "pass" : "fail")}\">{(passed ? pass : fail)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static void Chart(StringBuilder html, string title, string alt, byte[] png) =>
        html.Append("<h3>").Append(E(title)).Append("</h3><img alt=\"").Append(E(alt)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">");

    private static string Join(IReadOnlyDictionary<string, long> counts) =>
        string.Join(" ", counts.Select(c => $"{c.Key}:{c.Value.ToString(CultureInfo.InvariantCulture)}"));

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
