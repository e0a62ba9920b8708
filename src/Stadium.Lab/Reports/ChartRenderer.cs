using ScottPlot;
using ScottPlot.TickGenerators;
using Stadium.Lab.Measurement;

namespace Stadium.Lab.Reports;

/// <summary>
/// The report's PNG charts (ScottPlot on SkiaSharp): latency panels, throughput and errors over time, as
/// <see cref="ChartSeries"/> gives them, with the phase boundaries as labelled vertical lines.
/// </summary>
internal static class ChartRenderer
{
    private const int Width = 900;
    private const int Height = 320;

    /// <summary>Latencies are drawn as log10 of milliseconds: a microsecond is the floor, as in the histograms.</summary>
    private const double FloorMs = 0.001;

    public static byte[] Latency(ChartPanel panel) => LatencyPlot(panel).GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>
    /// One latency panel on a log axis (ScottPlot draws log scales as log10 values with log ticks), so a 2 ms feed
    /// p99 and a 300 ms login p99 are both readable; corrected lines solid, service-time lines dashed.
    /// </summary>
    internal static Plot LatencyPlot(ChartPanel panel)
    {
        var plot = NewPlot("ms (log scale)");
        var logs = panel.Lines.SelectMany(l => l.Values).Select(LogMs).ToArray();
        foreach (var line in panel.Lines)
        {
            var scatter = AddLine(plot, line with { Values = [.. line.Values.Select(LogMs)] });
            if (scatter is not null && line.ServiceTime)
            {
                scatter.LinePattern = LinePattern.Dashed;
                scatter.MarkerShape = MarkerShape.OpenCircle;
            }
        }

        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (logs.Length > 0)
        {
            // Whole decades, at least one, so the axis always has two labelled powers of ten to read the lines against.
            var low = Math.Floor(logs.Min());
            plot.Axes.SetLimitsY(low, Math.Max(Math.Ceiling(logs.Max()), low + 1));
        }

        MarkPhases(plot, panel.Phases);
        ShadeFaults(plot, panel.Bands);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static double LogMs(double ms) => Math.Log10(Math.Max(ms, FloorMs));

    public static byte[] Throughput(LoadResults results)
    {
        var plot = NewPlot("req/s");
        AddLine(plot, ChartSeries.Throughput(results));
        MarkPhases(plot, results.PhaseMarks);
        ShadeFaults(plot, results.FaultBands);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Errors(LoadResults results)
    {
        var plot = NewPlot("errors/s");
        var errors = ChartSeries.Errors(results);

        // Each bar spans its own bucket (the points are bucket ends, every bucket present), so the run's short tail is a
        // thin bar after the last second rather than a whole-second bar over it.
        var bars = errors.Seconds.Select((end, i) =>
        {
            var length = end - (i == 0 ? 0 : errors.Seconds[i - 1]);
            return new Bar { Position = end - (length / 2), Value = errors.Values[i], Size = length * 0.9, FillColor = Colors.Red };
        });
        plot.Add.Bars(bars.ToArray());
        plot.Axes.SetLimitsY(0, Math.Max(1, errors.Values.DefaultIfEmpty(0).Max() * 1.1));
        MarkPhases(plot, results.PhaseMarks);
        ShadeFaults(plot, results.FaultBands);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>A plot without a title: the report heads each chart itself, and the phase labels sit where a title would.</summary>
    private static Plot NewPlot(string yLabel)
    {
        var plot = new Plot();

        // Room above the data for the phase labels.
        plot.Axes.Top.MinimumSize = 28;
        plot.XLabel("second of the run");
        plot.YLabel(yLabel);
        return plot;
    }

    private static void MarkPhases(Plot plot, IReadOnlyList<PhaseMark> phases)
    {
        foreach (var phase in phases)
        {
            var line = plot.Add.VerticalLine(phase.AtSeconds, 1, Colors.Gray);
            line.LinePattern = LinePattern.Dotted;
            line.LabelText = phase.Name;
            line.LabelOppositeAxis = true;
        }
    }

    /// <summary>Each fault as a translucent band over its seconds, labelled with what it was, so its effect lines up with its cause.</summary>
    private static void ShadeFaults(Plot plot, IReadOnlyList<FaultBand> bands)
    {
        foreach (var band in bands)
        {
            var span = plot.Add.HorizontalSpan(band.FromSeconds, Math.Max(band.ToSeconds, band.FromSeconds + 0.2));
            span.FillStyle.Color = Colors.Orange.WithAlpha(0.2);
            span.LineStyle.Width = 0;
            span.LegendText = band.Label;
        }
    }

    private static ScottPlot.Plottables.Scatter? AddLine(Plot plot, ChartLine line)
    {
        if (line.Values.Length == 0)
        {
            return null;
        }

        var scatter = plot.Add.Scatter(line.Seconds, line.Values);
        scatter.LegendText = line.Label;
        scatter.MarkerSize = 3;
        return scatter;
    }
}
