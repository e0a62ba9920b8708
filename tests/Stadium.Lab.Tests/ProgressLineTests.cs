using Stadium.Lab.Execution;
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
        Assert.Contains("req=12,345/s inflight=0 p99=2.50ms err=12/s dropped=0", rows[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_tail_bucket_shows_a_rate_per_second_not_its_count()
    {
        var output = new StringWriter();
        var progress = new ProgressLine(output, interactive: true);

        progress.Update(new SecondBucket(4, 50, 0, 0.5, 2.5, 9, 2.4, NoEndpoints) { DurationSeconds = 0.25 }, new LoadMeasurements());

        Assert.Contains("req=200/s", output.ToString(), StringComparison.Ordinal);
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
        Assert.Equal(["t=  5s", "t= 10s"], lines.Select(l => l[..6]));
        Assert.All(lines, l => Assert.Contains("dropped=0", l, StringComparison.Ordinal));
    }

    [Fact]
    public void It_names_the_phase_its_target_rate_against_arrivals_started_and_the_time_left()
    {
        var output = new StringWriter();
        PhasePlan[] phases =
        [
            PhasePlan.ConstantRate("warm", 10, TimeSpan.FromSeconds(5), 100, TimeSpan.FromSeconds(1)),
            PhasePlan.ConstantRate("steady", 300, TimeSpan.FromSeconds(10), 100, TimeSpan.FromSeconds(1)),
        ];
        var progress = new ProgressLine(output, interactive: true, terminalWidth: 200, phases, plannedLength: TimeSpan.FromSeconds(15));
        var measurements = new LoadMeasurements();
        measurements.EnterPhase(1, TimeSpan.FromSeconds(5));
        for (var i = 0; i < 240; i++)
        {
            measurements.Started();
        }

        progress.Update(new SecondBucket(6, 480, 3, 0.5, 2.5, 9, 2.4, NoEndpoints), measurements);

        var row = output.ToString().TrimStart('\r');
        Assert.StartsWith("t=  6s left=0:09 steady 2/2 arrivals=240/300/s req=480/s inflight=240 p99=2.50ms err=3/s", row, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_phase_shows_its_users_and_sheds_are_totalled_apart_from_errors()
    {
        var output = new StringWriter();
        PhasePlan[] phases = [PhasePlan.ConstantUsers("soak", 20, TimeSpan.FromSeconds(30), ThinkTime.None, TimeSpan.FromSeconds(1))];
        var progress = new ProgressLine(output, interactive: false, phases: phases, plannedLength: TimeSpan.FromSeconds(30));
        var measurements = new LoadMeasurements();
        measurements.EnterPhase(0, TimeSpan.Zero);

        for (var second = 1; second <= 5; second++)
        {
            progress.Update(new SecondBucket(second, 100, 1, 0.5, 2.5, 9, 2.4, NoEndpoints) { Shed = 4 }, measurements);
        }

        var line = output.ToString().Trim();
        Assert.StartsWith("t=  5s left=0:25 soak users=20 req=100/s", line, StringComparison.Ordinal);
        Assert.EndsWith("(total 5 errors, 20 shed of 500)", line, StringComparison.Ordinal);
    }
}
