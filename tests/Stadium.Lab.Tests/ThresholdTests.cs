using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab.Tests;

public class ThresholdTests
{
    [Theory]
    [InlineData("feed: p99<50ms", "feed", ThresholdMetric.Percentile, 99, Comparison.Less, 50)]
    [InlineData("login: p95<300ms", "login", ThresholdMetric.Percentile, 95, Comparison.Less, 300)]
    [InlineData("login: p(95) <= 0.3s", "login", ThresholdMetric.Percentile, 95, Comparison.LessOrEqual, 300)]
    [InlineData("all: errors<0.1%", "all", ThresholdMetric.ErrorRate, 0, Comparison.Less, 0.001)]
    [InlineData("all: errors<5", "all", ThresholdMetric.ErrorCount, 0, Comparison.Less, 5)]
    [InlineData("p999<800us", "all", ThresholdMetric.Percentile, 99.9, Comparison.Less, 0.8)]
    [InlineData("feed: p99.9<1s", "feed", ThresholdMetric.Percentile, 99.9, Comparison.Less, 1000)]
    [InlineData("feed: max<2s", "feed", ThresholdMetric.Max, 100, Comparison.Less, 2000)]
    [InlineData("all: rps>=1000", "all", ThresholdMetric.RequestsPerSecond, 0, Comparison.GreaterOrEqual, 1000)]
    [InlineData("GET http://127.0.0.1:5080/json: p99<50ms", "GET http://127.0.0.1:5080/json", ThresholdMetric.Percentile, 99, Comparison.Less, 50)]
    [InlineData(" url : p99 < 50 ms ", "url", ThresholdMetric.Percentile, 99, Comparison.Less, 50)]
    // object, not the enums: a public test method cannot take the library's internal types; the casts below are exact.
    public void Parses_the_compact_syntax(string text, string scope, object metric, double percentile, object comparison, double limit)
    {
        var threshold = Assert.Single(ThresholdParser.Parse(text));

        Assert.Equal(scope, threshold.Scope);
        Assert.Equal((ThresholdMetric)metric, threshold.Metric);
        Assert.Equal(percentile, threshold.Percentile, 9);
        Assert.Equal((Comparison)comparison, threshold.Comparison);
        Assert.Equal(limit, threshold.Limit, 9);
    }

    [Fact]
    public void Several_conditions_share_one_scope()
    {
        var thresholds = ThresholdParser.Parse("feed: p95<30ms, p99<50ms, errors<1%");

        Assert.Equal(3, thresholds.Count);
        Assert.All(thresholds, t => Assert.Equal("feed", t.Scope));
    }

    [Theory]
    [InlineData("feed: p99")]
    [InlineData("feed: p99<fast")]
    [InlineData("feed: p99<50kg")]
    [InlineData("feed: latency<50ms")]
    [InlineData("feed: p0<50ms")]
    [InlineData(": p99<50ms")]
    [InlineData("rps<10ms")]
    [InlineData("all: errors<0.01")]
    public void Rejects_what_it_cannot_read(string text) =>
        Assert.Throws<FormatException>(() => ThresholdParser.Parse(text));

    [Fact]
    public void Evaluation_passes_fails_and_fails_endpoints_without_traffic()
    {
        var results = SampleResults();

        var verdicts = ThresholdEvaluator.Evaluate(
            ThresholdParser.ParseAll(["feed: p99<50ms", "feed: p50<5ms", "all: errors<1%", "all: errors<0.1%", "login: p95<300ms"]), results);

        Assert.Equal([true, false, true, false, false], verdicts.Select(v => v.Passed));
        Assert.Equal(0.005, verdicts[2].Actual!.Value, 9);
        Assert.Null(verdicts[4].Actual);
    }

    [Fact]
    public void Uncommon_percentiles_are_read_from_the_histogram_not_the_nearest_kept_one()
    {
        // 100 latencies of 0.4, 0.8 ... 40 ms: p75 is 30 ms, where the nearest kept percentile (p90) is 36 ms.
        var verdicts = ThresholdEvaluator.Evaluate(ThresholdParser.ParseAll(["feed: p75<31ms", "feed: p51<21ms", "feed: p99.5<40.1ms"]), SampleResults());
        Assert.Equal(30, verdicts[0].Actual!.Value, 0.05);
        Assert.Equal(20.4, verdicts[1].Actual!.Value, 0.05);
        Assert.Equal(40, verdicts[2].Actual!.Value, 0.05);
        Assert.All(verdicts, v => Assert.True(v.Passed, v.Detail));
    }

    private static LoadResults SampleResults()
    {
        var corrected = new LatencyHistogram();
        var service = new LatencyHistogram();
        for (var ms = 1; ms <= 100; ms++)
        {
            corrected.Record(ms * 400);
            service.Record(ms * 300);
        }

        var feed = EndpointResult.From("GET", "/v1/feed", 1000, 5, 10, corrected, service, new Dictionary<string, long> { ["200"] = 995, ["500"] = 5 }, new Dictionary<string, long>(), 0, 0);
        return new LoadResults
        {
            Mode = "test",
            Target = "http://127.0.0.1/",
            StartedAt = DateTimeOffset.UnixEpoch,
            Requests = 1000,
            Errors = 5,
            DurationSeconds = 10,
            RequestsPerSecond = 100,
            DroppedIterations = 0,
            BytesSent = 0,
            BytesReceived = 0,
            Overall = feed,
            Endpoints = new Dictionary<string, EndpointResult> { ["feed"] = feed },
            Timeline = [],
            Phases = [],
        };
    }
}
