using ScottPlot;
using ScottPlot.TickGenerators;
using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

/// <summary>
/// The report's latency charts: a panel per endpoint group, a log axis so a fast feed is not flattened by a slow
/// login, phase boundaries marked, and service-time lines drawn apart from the corrected ones. The chart model
/// (ScottPlot's plot before it becomes pixels) is what is checked.
/// </summary>
public class ReportChartTests
{
    [Fact]
    public void Each_endpoint_group_gets_its_own_panel_so_login_does_not_flatten_the_feed()
    {
        var results = Run();

        var panels = ChartSeries.LatencyPanels(results);

        Assert.Equal(["all endpoints", "auth", "reads", "writes", "search"], panels.Select(p => p.Title));
        var reads = panels.Single(p => p.Title == "reads");
        Assert.Equal(["feed p50", "feed p99", "feed p99 uncorrected", "profile p50", "profile p99", "profile p99 uncorrected"], reads.Lines.Select(l => l.Label));
        Assert.DoesNotContain(panels.Single(p => p.Title == "auth").Lines, l => l.Label.StartsWith("feed", StringComparison.Ordinal));

        // The feed's p99 (about 2 ms) is read from the feed's own seconds, not from a scale set by a 300 ms login.
        Assert.All(reads.Lines.Single(l => l.Label == "feed p99").Values, v => Assert.InRange(v, 1.5, 3));
        Assert.All(panels.Single(p => p.Title == "auth").Lines.Single(l => l.Label == "login p99").Values, v => Assert.InRange(v, 250, 350));
    }

    [Fact]
    public void Latency_axis_is_logarithmic_with_phases_marked_and_service_time_dashed()
    {
        var results = Run();
        var reads = ChartSeries.LatencyPanels(results).Single(p => p.Title == "reads");

        var plot = ChartRenderer.LatencyPlot(reads);

        var ticks = Assert.IsType<NumericAutomatic>(plot.Axes.Left.TickGenerator);
        Assert.IsType<LogMinorTickGenerator>(ticks.MinorTickGenerator);
        Assert.Equal("100", ticks.LabelFormatter(2));

        // Feed and profile take 0.5-2 ms: the axis spans the whole decades around them, 0.1 to 10 ms.
        Assert.Equal(-1, plot.Axes.Left.Min, 9);
        Assert.Equal(1, plot.Axes.Left.Max, 9);
        var feedP99 = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Single(s => s.LegendText == "feed p99");
        Assert.Equal(Math.Log10(reads.Lines.Single(l => l.Label == "feed p99").Values[0]), feedP99.Data.GetScatterPoints()[0].Y, 9);

        var phases = plot.GetPlottables<ScottPlot.Plottables.VerticalLine>().ToArray();
        Assert.Equal(["warmup", "burst"], phases.Select(p => p.LabelText));
        Assert.Equal([0.0, 2.0], phases.Select(p => p.X));

        var scatters = plot.GetPlottables<ScottPlot.Plottables.Scatter>().ToArray();
        Assert.All(scatters.Where(s => s.LegendText.EndsWith("uncorrected", StringComparison.Ordinal)), s => Assert.Equal(LinePattern.Dashed, s.LinePattern));
        Assert.All(scatters.Where(s => !s.LegendText.EndsWith("uncorrected", StringComparison.Ordinal)), s => Assert.Equal(LinePattern.Solid, s.LinePattern));
        Assert.Contains(scatters, s => s.LegendText == "feed p99 uncorrected");
    }

    [Fact]
    public void The_html_report_draws_one_latency_chart_per_panel()
    {
        var html = HtmlReport.Render(Run());

        foreach (var title in new[] { "all endpoints", "auth", "reads", "writes", "search" })
        {
            Assert.Contains($"alt=\"latency over time: {title}\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("log scale", html, StringComparison.Ordinal);
    }

    /// <summary>Four seconds over two phases: a slow login, a fast feed and profile, a post, and a request-list name.</summary>
    private static LoadResults Run()
    {
        var measurements = new LoadMeasurements();
        var meters = new[]
        {
            (measurements.Meter(new EndpointDefinition("login", "POST", "/v1/auth/login")), 300_000L),
            (measurements.Meter(new EndpointDefinition("feed", "GET", "/v1/feed")), 2_000L),
            (measurements.Meter(new EndpointDefinition("profile", "GET", "/v1/users/{username}")), 1_000L),
            (measurements.Meter(new EndpointDefinition("createPost", "POST", "/v1/posts")), 8_000L),
            (measurements.Meter(new EndpointDefinition("search", "GET", "/search")), 20_000L),
        };
        measurements.EnterPhase("warmup", TimeSpan.Zero);
        for (var second = 1; second <= 4; second++)
        {
            if (second == 3)
            {
                measurements.EnterPhase("burst", TimeSpan.FromSeconds(2));
            }

            foreach (var (meter, micros) in meters)
            {
                for (var i = 0; i < 50; i++)
                {
                    meter.Record(micros, micros / 2, 200, ErrorKind.None, 10, 10);
                }
            }

            measurements.CloseSecond(TimeSpan.FromSeconds(second));
        }

        return ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(4), []), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);
    }
}
