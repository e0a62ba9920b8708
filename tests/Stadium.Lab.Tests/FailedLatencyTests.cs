using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;
using Stadium.Lab.Thresholds;

namespace Stadium.Lab.Tests;

/// <summary>
/// Endpoint percentiles are successful answers' latencies (k6's expected_response); failed requests' latencies are
/// reported apart, so fast 503s cannot make an endpoint look fast, nor slow timeouts make it look slow.
/// </summary>
public class FailedLatencyTests
{
    [Fact]
    public void Failed_requests_stay_out_of_the_endpoint_percentiles_and_are_reported_apart()
    {
        var measurements = new LoadMeasurements();
        var meter = measurements.Meter(new EndpointDefinition("feed", "GET", "/v1/feed"));
        for (var i = 0; i < 900; i++)
        {
            meter.Record(correctedMicroseconds: 2_000, serviceMicroseconds: 1_000, 200, ErrorKind.None, 100, 1_000);
        }

        for (var i = 0; i < 100; i++)
        {
            meter.Record(correctedMicroseconds: 500_000, serviceMicroseconds: 499_000, 0, ErrorKind.Timeout, 100, 0);
        }

        var second = measurements.CloseSecond(TimeSpan.FromSeconds(1));
        var results = ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(1), []), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);

        var feed = results.Endpoints["feed"];
        Assert.Equal(1_000, feed.Requests);
        Assert.Equal(100, feed.Errors);
        Assert.Equal(2.0, feed.P99Ms, 0.01);
        Assert.Equal(2.0, feed.MaxMs, 0.01);
        Assert.Equal(1.0, feed.UncorrectedP99Ms, 0.01);
        Assert.Equal(500.0, feed.FailedP50Ms, 0.5);
        Assert.Equal(500.0, feed.FailedMaxMs, 0.5);
        Assert.Equal(2.0, results.Overall.P99Ms, 0.01);
        Assert.Equal(500.0, results.Overall.FailedP99Ms, 0.5);
        Assert.Equal(2.0, second.P99Ms, 0.01);
        Assert.True(ThresholdEvaluator.Evaluate(ThresholdParser.Parse("feed: p99<10ms")[0], results).Passed);
    }

    [Fact]
    public void A_latency_gate_on_an_endpoint_whose_every_request_failed_fails()
    {
        var measurements = new LoadMeasurements();
        var meter = measurements.Meter(new EndpointDefinition("login", "POST", "/v1/auth/login"));
        meter.Record(correctedMicroseconds: 1_000, serviceMicroseconds: 1_000, 503, ErrorKind.None, 100, 100);
        measurements.CloseSecond(TimeSpan.FromSeconds(1));
        var results = ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(1), []), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);

        var verdict = ThresholdEvaluator.Evaluate(ThresholdParser.Parse("login: p99<300ms")[0], results);

        Assert.False(verdict.Passed);
        Assert.Contains("no successful requests", verdict.Detail, StringComparison.Ordinal);
    }
}
