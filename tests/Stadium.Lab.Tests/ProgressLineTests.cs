using Stadium.Lab.Measurement;
using Stadium.Lab.Reports;

namespace Stadium.Lab.Tests;

public class ProgressLineTests
{
    private static readonly Dictionary<string, EndpointSecond> NoEndpoints = [];

    [Fact]
    public void On_a_terminal_each_update_fits_one_row_and_covers_the_previous_one()
    {
        var output = new StringWriter();
        var progress = new ProgressLine(output, interactive: true, terminalWidth: 80);

        progress.Update(new SecondBucket(1, 12_345, 12, 0.5, 2.5, 9, 2.4, NoEndpoints), new LoadMeasurements());
        progress.Update(new SecondBucket(2, 1, 0, 0.5, 2.5, 9, 2.4, NoEndpoints), new LoadMeasurements());

        var rows = output.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Equal(79, row.Length));
        Assert.All(rows, row => Assert.StartsWith("t=", row, StringComparison.Ordinal));
        Assert.Contains("rate= 12,345/s in flight=    0 p99=   2.50ms errors=   12/s dropped=0", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_tail_bucket_shows_a_rate_per_second_not_its_count()
    {
        var output = new StringWriter();
        var progress = new ProgressLine(output, interactive: true);

        progress.Update(new SecondBucket(4, 50, 0, 0.5, 2.5, 9, 2.4, NoEndpoints) { DurationSeconds = 0.25 }, new LoadMeasurements());

        Assert.Contains("rate=    200/s", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_it_writes_whole_lines_every_fifth_second()
    {
        var output = new StringWriter();
        var progress = new ProgressLine(output, interactive: false, terminalWidth: 40);

        for (var second = 1; second <= 10; second++)
        {
            progress.Update(new SecondBucket(second, 100, 0, 0.5, 2.5, 9, 2.4, NoEndpoints), new LoadMeasurements());
        }

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["t=   5s", "t=  10s"], lines.Select(l => l[..7]));
        Assert.All(lines, l => Assert.Contains("dropped=0", l, StringComparison.Ordinal));
    }
}
