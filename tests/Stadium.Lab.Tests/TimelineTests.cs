using Stadium.Lab.Execution;
using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

/// <summary>The per-second timeline and the charts drawn from it.</summary>
public class TimelineTests
{
    private static readonly EndpointDefinition Feed = new("feed", "GET", "/v1/feed");

    [Fact]
    public async Task Each_bucket_counts_exactly_the_requests_whose_latencies_it_holds()
    {
        var measurements = new LoadMeasurements();
        var meter = measurements.Meter(Feed);
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                meter.Record(1_000, 500, 200, ErrorKind.None, 10, 10);
            }
        });

        // Closes while a sender records: before, a bucket's count was read from the live counters after its latencies
        // were taken, so requests recorded in between were counted in one bucket and timed in the next.
        var timedPerBucket = new List<long>();
        var timedSoFar = 0L;
        for (var second = 1; second <= 20; second++)
        {
            // Close only while the sender is busy recording (it may start late on a loaded machine).
            var recorded = meter.Requests;
            SpinWait.SpinUntil(() => meter.Requests > recorded + 1_000, TimeSpan.FromSeconds(10));
            measurements.CloseSecond(TimeSpan.FromSeconds(second));
            timedPerBucket.Add(meter.Corrected.Count - timedSoFar);
            timedSoFar = meter.Corrected.Count;
        }

        await stop.CancelAsync();
        await sender;
        measurements.CloseSecond(TimeSpan.FromSeconds(20.25));
        timedPerBucket.Add(meter.Corrected.Count - timedSoFar);

        Assert.Equal(timedPerBucket, measurements.Timeline.Select(b => b.Requests));
        Assert.Equal(meter.Requests, measurements.Timeline.Sum(b => b.Requests));
    }

    [Fact]
    public void Buckets_know_their_length_so_the_tail_reads_as_a_rate_not_a_collapse()
    {
        var measurements = new LoadMeasurements();
        var meter = measurements.Meter(Feed);
        Record(meter, 100, errors: 10);
        measurements.CloseSecond(TimeSpan.FromSeconds(1.002));
        Record(meter, 25, errors: 5);
        var tail = measurements.CloseSecond(TimeSpan.FromSeconds(1.252));

        Assert.Equal(1.002, measurements.Timeline[0].DurationSeconds, 6);
        Assert.Equal(0.25, tail.DurationSeconds, 6);
        Assert.Equal(100, tail.RequestsPerSecond, 6);
        Assert.Equal(20, tail.ErrorsPerSecond, 6);
        var throughput = ChartSeries.Throughput(Results(measurements, 1.252));
        Assert.Equal([100 / 1.002, 100], throughput.Values, new Tolerance(1e-6));
        Assert.Equal([1.002, 1.252], throughput.Seconds, new Tolerance(1e-6));
    }

    [Fact]
    public void Seconds_without_successful_answers_have_no_latency_point()
    {
        var measurements = new LoadMeasurements();
        var feed = measurements.Meter(Feed);
        var login = measurements.Meter(new EndpointDefinition("login", "POST", "/v1/auth/login"));
        Record(feed, 10, errors: 0);
        Record(login, 10, errors: 0);
        measurements.CloseSecond(TimeSpan.FromSeconds(1));

        // Second 2: idle (a pause between phases). Second 3: only failed logins, and the feed answers.
        measurements.CloseSecond(TimeSpan.FromSeconds(2));
        Record(login, 5, errors: 5);
        Record(feed, 10, errors: 0);
        measurements.CloseSecond(TimeSpan.FromSeconds(3));

        var lines = ChartSeries.LatencyPanels(Results(measurements, 3)).SelectMany(p => p.Lines).ToDictionary(l => l.Label);

        Assert.Equal([1.0, 3.0], lines["all p99"].Seconds);
        Assert.Equal([1.0, 3.0], lines["all p99 uncorrected"].Seconds);
        Assert.Equal([1.0, 3.0], lines["feed p99"].Seconds);
        Assert.Equal([1.0], lines["login p99"].Seconds);
        Assert.DoesNotContain(0.0, lines["all p99"].Values);
        Assert.Equal([1.0, 2.0, 3.0], ChartSeries.Throughput(Results(measurements, 3)).Seconds);
    }

    private static void Record(EndpointMeter meter, int requests, int errors)
    {
        for (var i = 0; i < requests; i++)
        {
            meter.Record(2_000, 1_000, i < errors ? 503 : 200, ErrorKind.None, 10, 10);
        }
    }

    private static LoadResults Results(LoadMeasurements measurements, double seconds) =>
        ResultsBuilder.Build(new RunOutcome(measurements, TimeSpan.FromSeconds(seconds), []), "test", new Uri("http://127.0.0.1/"), DateTimeOffset.UnixEpoch);

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double value) => 0;
    }
}
