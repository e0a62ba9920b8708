using ScottPlot;

namespace Stadium.Lab.Reports;

/// <summary>The report's PNG charts (ScottPlot on SkiaSharp): latency, throughput and errors over time.</summary>
public static class ChartRenderer
{
    private const int Width = 900;
    private const int Height = 320;

    public static byte[] Latency(LoadResults results)
    {
        var plot = NewPlot("Latency per second (corrected, from intended start)", "ms");
        var seconds = Seconds(results);
        AddLine(plot, seconds, results.Timeline.Select(b => b.P50Ms), "all p50");
        AddLine(plot, seconds, results.Timeline.Select(b => b.P99Ms), "all p99");
        AddLine(plot, seconds, results.Timeline.Select(b => b.ServiceP99Ms), "all p99 uncorrected");
        foreach (var name in results.Endpoints.Keys.Take(8))
        {
            // Only seconds in which the endpoint answered: an idle second has no latency, not a zero one.
            var busy = results.Timeline.Where(b => b.Endpoints.TryGetValue(name, out var e) && e.Requests > 0).ToArray();
            AddLine(plot, [.. busy.Select(b => (double)b.Second)], busy.Select(b => b.Endpoints[name].P99Ms), $"{name} p99");
        }

        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Throughput(LoadResults results)
    {
        var plot = NewPlot("Throughput (completed requests per second)", "req/s");
        AddLine(plot, Seconds(results), results.Timeline.Select(b => (double)b.Requests), "requests/s");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    public static byte[] Errors(LoadResults results)
    {
        var plot = NewPlot("Errors per second", "errors/s");
        var seconds = Seconds(results);
        var bars = plot.Add.Bars(seconds, results.Timeline.Select(b => (double)b.Errors).ToArray());
        bars.Color = Colors.Red;
        plot.Axes.SetLimitsY(0, Math.Max(1, results.Timeline.Count == 0 ? 1 : results.Timeline.Max(b => b.Errors) * 1.1));
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

    private static double[] Seconds(LoadResults results) => [.. results.Timeline.Select(b => (double)b.Second)];

    private static void AddLine(Plot plot, double[] xs, IEnumerable<double> ys, string label)
    {
        var values = ys.ToArray();
        if (values.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(xs, values);
        line.LegendText = label;
        line.MarkerSize = 3;
    }
}
