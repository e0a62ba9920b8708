using Spectre.Console.Testing;
using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

/// <summary>
/// The end-of-run table fits the console it is printed on: no line wider than the console, every figure whole on one
/// line (never wrapped mid-number, never cut to "…"), with p95 and requests per second per endpoint.
/// </summary>
public sealed class SummaryLayoutTests
{
    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(120)]
    [InlineData(160)]
    public void The_summary_fits_the_width_and_keeps_every_number_whole(int width)
    {
        var results = Results();
        var console = new TestConsole().Width(width);

        SummaryTable.Write(console, results);

        var lines = console.Lines;
        Assert.All(lines, line => Assert.True(line.Length <= width, $"{line.Length} columns: '{line}'"));
        Assert.DoesNotContain(lines, line => line.Contains('…', StringComparison.Ordinal));
        var header = lines.Single(l => l.Contains("endpoint", StringComparison.Ordinal));
        Assert.Contains("p95", header, StringComparison.Ordinal);
        Assert.Contains("req/s", header, StringComparison.Ordinal);
        Assert.Contains("shed", header, StringComparison.Ordinal);
        foreach (var (name, e) in results.Endpoints.Append(new("all", results.Overall)))
        {
            var row = lines.Single(l => l.Contains($" {name} ", StringComparison.Ordinal) && l.Contains(SummaryTable.N(e.Requests), StringComparison.Ordinal));
            Assert.Contains(SummaryTable.Rate(e.RequestsPerSecond), row, StringComparison.Ordinal);
            Assert.Contains(SummaryTable.Ms(e.P95Ms), row, StringComparison.Ordinal);
            Assert.Contains(SummaryTable.Ms(e.P99Ms), row, StringComparison.Ordinal);
            Assert.Contains(SummaryTable.Ms(e.MaxMs), row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_wide_console_shows_every_percentile_and_a_narrow_one_the_essential_ones()
    {
        var wide = new TestConsole().Width(160);
        var narrow = new TestConsole().Width(80);

        SummaryTable.Write(wide, Results());
        SummaryTable.Write(narrow, Results());

        var wideHeader = wide.Lines.Single(l => l.Contains("endpoint", StringComparison.Ordinal));
        var narrowHeader = narrow.Lines.Single(l => l.Contains("endpoint", StringComparison.Ordinal));
        Assert.Contains("p99.9", wideHeader, StringComparison.Ordinal);
        Assert.Contains("svc p99", wideHeader, StringComparison.Ordinal);
        Assert.DoesNotContain("p99.9", narrowHeader, StringComparison.Ordinal);
        Assert.Contains("p50", narrowHeader, StringComparison.Ordinal);
    }

    [Fact]
    public void The_headline_separates_sheds_from_errors_and_shows_planned_against_started()
    {
        var results = Results();
        var console = new TestConsole().Width(80);

        SummaryTable.Write(console, results);

        var text = string.Join(" ", console.Lines);
        var succeeded = results.Requests - results.Errors - results.Shed;
        Assert.Contains($"{SummaryTable.N(succeeded)} succeeded, {SummaryTable.N(results.Errors)} errors", text, StringComparison.Ordinal);
        Assert.Contains($"{SummaryTable.N(results.Shed)} shed as the scenario expects", text, StringComparison.Ordinal);
        Assert.Contains($"planned {SummaryTable.N(results.PlannedArrivals!.Value)}, started {SummaryTable.N(results.StartedArrivals!.Value)} (0 backed off, 0 dropped)", text, StringComparison.Ordinal);
        Assert.Equal(results.StartedIterations, results.StartedArrivals);
        Assert.Contains("login: 200:", text, StringComparison.Ordinal);
    }

    /// <summary>A run's worth of recordings: big counts and latencies from microseconds to seconds, so the widest figures show.</summary>
    private static LoadResults Results()
    {
        var measurements = new LoadMeasurements(["login"]);
        var phase = PhasePlan.ConstantRate("steady", 2_000, TimeSpan.FromSeconds(60), 512, TimeSpan.FromSeconds(1));
        measurements.EnterPhase(0, TimeSpan.Zero);
        var endpoints = new[] { ("feed", "GET"), ("login", "POST"), ("createPost", "POST"), ("userPosts", "GET") };
        var random = new Random(7);
        foreach (var (name, method) in endpoints)
        {
            var meter = measurements.Meter(new EndpointDefinition(name, method, "/" + name));
            for (var i = 0; i < 30_000; i++)
            {
                var latency = (long)(50 + (random.NextDouble() * random.NextDouble() * 1_500_000));
                var shed = name == "login" && i % 7 == 0;
                meter.Record(latency, latency / 2, shed ? 503 : i % 97 == 0 ? 500 : 200, ErrorKind.None, 200, 900, retryAfter: shed);
            }
        }

        for (var i = 0; i < 120_000; i++)
        {
            measurements.Started();
            measurements.Finished();
        }

        measurements.CloseSecond(TimeSpan.FromSeconds(60));
        return ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(60), [phase]), "test", new Uri("http://127.0.0.1:8080/"), DateTimeOffset.UnixEpoch);
    }
}
