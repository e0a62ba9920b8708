using ScottPlot;

namespace Stadium.Lab.Reports;

/// <summary>The report's PNG charts (ScottPlot on SkiaSharp): latency, throughput and errors over time, as <see cref="ChartSeries"/> gives them.</summary>
internal static class ChartRenderer
{
    private const int Width = 900;
    private const int Height = 320;

    public static byte[] Latency(LoadResults results)
    {
        var plot = NewPlot("Latency per second (corrected, from intended start)", "ms");
        foreach (var line in ChartSeries.Latency(results))
        {
            AddLine(plot, line);
        }

        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Throughput(LoadResults results)
    {
        var plot = NewPlot("Throughput (completed requests per second)", "req/s");
        AddLine(plot, ChartSeries.Throughput(results));
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Errors(LoadResults results)
    {
        var plot = NewPlot("Errors per second", "errors/s");
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
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static Plot NewPlot(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel("second of the run");
        plot.YLabel(yLabel);
        return plot;
    }

    private static void AddLine(Plot plot, ChartLine line)
    {
        if (line.Values.Length == 0)
        {
            return;
        }

        var scatter = plot.Add.Scatter(line.Seconds, line.Values);
        scatter.LegendText = line.Label;
        scatter.MarkerSize = 3;
    }
}
