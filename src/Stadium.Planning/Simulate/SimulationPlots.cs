using ScottPlot;

namespace Stadium.Planning.Simulate;

/// <summary>
/// The PNGs of `stadium simulate --plot DIR` (ScottPlot), each with one line per policy over the run: nodes.png
/// (running nodes), latency.png (the worst endpoint's latency as a % of its objective, 100 % being the SLO),
/// shed.png (% of arrivals shed) and arrivals.png (the trace).
/// </summary>
internal static class SimulationPlots
{
    private const int Width = 1000;
    private const int Height = 360;

    public static IReadOnlyList<string> Write(SimulationResults results, string folder)
    {
        Directory.CreateDirectory(folder);
        var hours = results.Setup.Trace.Seconds >= 7200;
        var written = new List<string>
        {
            Save(folder, "nodes.png", Chart(results, "running nodes", s => s.Nodes, hours)),
            Save(folder, "latency.png", Chart(results, "worst endpoint latency, % of its objective", s => s.WorstLatencyPercentOfObjective, hours, sloLine: 100)),
            Save(folder, "shed.png", Chart(results, "% of arrivals shed", s => s.ShedPercent, hours, sloLine: SloLedger.MaxShedShare * 100)),
            Save(folder, "arrivals.png", Chart(results.Outcomes.Take(1).ToList(), results, "arrivals per second", s => s.ArrivalsPerSecond, hours)),
        };
        return written;
    }

    private static Plot Chart(SimulationResults results, string label, Func<SlotPoint, double> value, bool hours, double? sloLine = null) =>
        Chart(results.Outcomes, results, label, value, hours, sloLine);

    private static Plot Chart(IReadOnlyList<PolicyOutcome> outcomes, SimulationResults results, string label, Func<SlotPoint, double> value, bool hours, double? sloLine = null)
    {
        var plot = new Plot();
        foreach (var outcome in outcomes)
        {
            var xs = outcome.Slots.Select(s => hours ? s.Second / 3600.0 : s.Second).ToArray();
            var ys = outcome.Slots.Select(value).ToArray();
            if (xs.Length == 0)
            {
                continue;
            }

            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = outcomes.Count > 1 || results.Outcomes.Count == 1 ? outcome.Policy : "trace";
            line.LineWidth = 1.5f;
        }

        if (sloLine is { } y)
        {
            var limit = plot.Add.HorizontalLine(y);
            limit.LinePattern = LinePattern.Dashed;
            limit.Color = Colors.Red;
        }

        plot.Axes.Left.Label.Text = label;
        plot.Axes.Bottom.Label.Text = hours ? "hour of the day" : "second";
        plot.Title($"{results.Setup.Trace.Name}{(results.Setup.Mau is { } mau ? $", {mau:N0} MAU" : "")}: {label}");
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static string Save(string folder, string name, Plot plot)
    {
        var path = Path.Combine(folder, name);
        plot.SavePng(path, Width, Height);
        return path;
    }
}
