using Stadium.Planning.Simulate;

namespace Stadium.Planning.Tests.Simulate;

/// <summary>Trace files: both CSV shapes, and a bad file refused with its name and line.</summary>
public sealed class TraceFileTests
{
    private static readonly EndpointModel[] Endpoints =
        [new("feed", "GET", "/v1/feed", 0.001, ServiceShape.Exponential, null, 0.75), new("login", "POST", "/v1/auth/login", 0.27, ServiceShape.Exponential, null, 0.25)];

    private static readonly double[] Steady = [300, 100];

    [Fact]
    public void Total_arrivals_are_split_by_the_steady_mix_and_read_linearly_between_rows()
    {
        var trace = FileTrace.Parse(["# a ramp", "second,arrivals_per_second", "0,100", "", "10,200"], "ramp.csv", Endpoints, Steady);
        var rates = new double[2];

        trace.Rates(5, rates);

        Assert.True(trace.Absolute);
        Assert.Equal(11, trace.Seconds);
        Assert.Equal(150 * 0.75, rates[0], 9);
        Assert.Equal(150 * 0.25, rates[1], 9);
    }

    [Fact]
    public void Multipliers_scale_the_steady_rates_by_the_minute()
    {
        var trace = FileTrace.Parse(["minute,multiplier", "0,1", "2,3"], "day.csv", Endpoints, Steady);
        var rates = new double[2];

        trace.Rates(60, rates);

        Assert.False(trace.Absolute);
        Assert.Equal(180, trace.Seconds);
        Assert.Equal(600, rates[0], 9);
        Assert.Equal(200, rates[1], 9);
    }

    [Theory]
    [InlineData(new[] { "time,rate", "0,1" }, "bad.csv:1: the header must be")]
    [InlineData(new[] { "second,arrivals_per_second", "0,10", "5,lots" }, "bad.csv:3: a row is two numbers")]
    [InlineData(new[] { "second,arrivals_per_second", "5,10", "5,20" }, "bad.csv:3: times must increase")]
    [InlineData(new[] { "minute,multiplier", "0,-1" }, "bad.csv:2: a row is two numbers")]
    [InlineData(new[] { "minute,multiplier" }, "bad.csv: no rows")]
    public void A_bad_file_is_refused_with_its_line(string[] lines, string message)
    {
        var error = Assert.Throws<FormatException>(() => FileTrace.Parse(lines, "bad.csv", Endpoints, Steady));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void The_launch_day_ramps_to_several_times_the_busy_minute_then_decays()
    {
        var day = new DayTrace("launch", Steady, [50, 50]);
        var rates = new double[2];

        day.Rates(DayTrace.LaunchAt - 1, rates);
        var before = rates.Sum();
        day.Rates(DayTrace.LaunchAt + DayTrace.LaunchRamp, rates);
        var peak = rates.Sum();
        day.Rates(DayTrace.LaunchAt + DayTrace.LaunchRamp + (4 * 3600), rates);
        var later = rates.Sum();

        Assert.Equal(DayTrace.LaunchPeak * 500, peak - (DayTrace.Diurnal(DayTrace.LaunchAt + DayTrace.LaunchRamp) * 400), 6);
        Assert.True(peak > 3 * before, $"launch peak {peak} against {before} before it");
        Assert.True(later < peak / 3, $"four hours on {later}, peak {peak}");
    }

    [Fact]
    public void Regions_cost_their_round_trips_and_a_bad_file_is_refused_with_its_line()
    {
        var costs = RegionCosts.Compute(RegionsFile.ExampleRegions, writesPerActiveUserPerSecond: 10.0 / 900);
        var usEast = costs.Single(c => c.Region == "us-east");
        var primary = costs[0];

        Assert.Equal(240, usEast.WriteAddedMs);
        Assert.Equal(41, usEast.ReplicaLagMs);
        Assert.Equal(0, primary.ReadsToPrimaryPercent);
        Assert.Equal(100 * (1 - Math.Exp(-10.0 / 900 * 30)), usEast.ReadsToPrimaryPercent, 9);
        Assert.Equal("all users", costs[^1].Region);
        var error = Assert.Throws<FormatException>(() => RegionsFile.Parse(["region,user_share,rtt_ms", "eu,0.5,0", "us,0.6,x"], "regions.csv"));
        Assert.StartsWith("regions.csv:3: ", error.Message, StringComparison.Ordinal);
    }
}
