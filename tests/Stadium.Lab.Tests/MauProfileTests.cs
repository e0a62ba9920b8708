using Stadium.Lab.Profiles;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

public class MauProfileTests
{
    [Fact]
    public void One_million_MAU_gives_the_design_numbers()
    {
        var profile = MauProfile.Derive(1_000_000);

        Assert.Equal(30_000, profile.ActiveUsers, 6);
        Assert.Equal(5_000, profile.BurstUsers, 6);
        Assert.Equal(4_000, profile.SteadyRequestsPerSecond, 6);
        Assert.Equal(80, profile.SteadyInFlight, 6);
        Assert.Equal(5_000 / 60.0, profile.BurstLoginsPerSecond, 6);
        Assert.Contains(profile.Describe(), line => line.Contains("4,000.0 req/s", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_ratio_can_be_overridden()
    {
        var profile = MauProfile.Derive(1_000_000, new MauRatios(ActiveShare: 0.05, BurstShare: 0.5, RequestsPerActiveUser: 90, FeedReadsPerLogin: 3, ExpectedLatencyMs: 10));

        Assert.Equal(50_000, profile.ActiveUsers, 6);
        Assert.Equal(25_000, profile.BurstUsers, 6);
        Assert.Equal(50_000 * 90 / 900.0, profile.SteadyRequestsPerSecond, 6);
        Assert.Equal(25_000 / 60.0 * 4, profile.BurstRequestsPerSecond, 6);
        Assert.Equal(profile.SteadyRequestsPerSecond * 0.01, profile.SteadyInFlight, 6);
    }

    [Fact]
    public void Mau_phases_are_the_burst_then_the_steady_rate_scaled_to_the_machine()
    {
        var scenario = ScenarioLoader.Parse("""
            target: http://127.0.0.1:8080
            population: 10000
            profile: { activeShare: 0.03, scale: 10 }
            """);

        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(null, 1_000_000, TimeSpan.FromSeconds(30)));

        Assert.NotNull(plan.Profile);
        Assert.Equal(["burst", "steady"], plan.Phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(15), plan.Phases[0].Duration);
        Assert.Equal((long)Math.Ceiling(5_000 / 60.0 / 10 * 15), plan.Phases[0].Arrivals!.ArrivalCount);
        Assert.Equal(400 * 15, plan.Phases[1].Arrivals!.ArrivalCount);
        // The phases fill the 30 s; the cap only adds a second of slack so the last arrivals are not clipped.
        Assert.Equal(TimeSpan.FromSeconds(31), plan.MaxDuration);
    }

    [Fact]
    public void Rejects_a_non_positive_population() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MauProfile.Derive(0));
}
