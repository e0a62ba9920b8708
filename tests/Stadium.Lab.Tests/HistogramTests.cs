using Stadium.Lab.Measurement;

namespace Stadium.Lab.Tests;

public class HistogramTests
{
    [Fact]
    public void Merging_parts_gives_the_same_distribution_as_recording_everything_in_one()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20_000).Select(_ => (long)(random.NextDouble() * random.NextDouble() * 500_000) + 1).ToArray();
        var whole = new LatencyHistogram();
        var parts = Enumerable.Range(0, 4).Select(_ => new LatencyHistogram()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            whole.Record(values[i]);
            parts[i % parts.Length].Record(values[i]);
        }

        var merged = LatencyHistogram.Merge(parts);

        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole.Summary(), merged.Summary());
        Assert.True(merged.PercentileMs(99) <= merged.MaxMs);
    }

    [Fact]
    public void Percentiles_are_within_three_significant_digits()
    {
        var histogram = new LatencyHistogram();
        for (var us = 1; us <= 100_000; us++)
        {
            histogram.Record(us);
        }

        Assert.Equal(50.0, histogram.PercentileMs(50), 50.0 * 0.001);
        Assert.Equal(99.0, histogram.PercentileMs(99), 99.0 * 0.001);
        Assert.Equal(100.0, histogram.MaxMs, 100.0 * 0.001);
    }

    [Fact]
    public async Task Meter_intervals_fold_into_totals_without_losing_concurrent_records()
    {
        var meter = new EndpointMeter(new EndpointDefinition("feed", "GET", "/v1/feed"));
        var intervals = new List<LatencyHistogram>();
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                intervals.Add(meter.TakeInterval().Corrected);
                await Task.Delay(1);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 25_000; i++)
            {
                meter.Record(1000 + i, 500, i % 100 == 0 ? 503 : 200, ErrorKind.None, 100, 200);
            }
        })));
        await stop.CancelAsync();
        await reader;
        intervals.Add(meter.TakeInterval().Corrected);

        Assert.Equal(100_000, meter.Requests);
        Assert.Equal(1_000, meter.Errors);
        Assert.Equal(99_000, meter.Corrected.Count);
        Assert.Equal(1_000, meter.FailedCorrected.Count);
        Assert.Equal(99_000, intervals.Sum(i => i.Count));
        Assert.Equal(meter.Corrected.Summary(), LatencyHistogram.Merge(intervals).Summary());
        Assert.Equal(99_000, meter.StatusCounts()["200"]);
        Assert.Equal(20_000_000, meter.BytesReceived);
    }

    [Fact]
    public void Expected_statuses_are_counted_but_are_not_errors()
    {
        var meter = new EndpointMeter(new EndpointDefinition("export", "POST", "/v1/exports", [404]));

        meter.Record(10, 10, 404, ErrorKind.None, 0, 0);
        meter.Record(10, 10, 500, ErrorKind.None, 0, 0);
        meter.Record(10, 10, 0, ErrorKind.ConnectionRefused, 0, 0);

        Assert.Equal(3, meter.Requests);
        Assert.Equal(2, meter.Errors);
        Assert.Equal(1, meter.StatusCounts()["404"]);
        Assert.Equal(1, meter.ErrorKindCounts()["refused"]);
    }
}
