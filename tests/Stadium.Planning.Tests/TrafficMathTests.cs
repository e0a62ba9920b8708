using Stadium.Planning.Plan;

namespace Stadium.Planning.Tests;

/// <summary>The seed's arithmetic, worked by hand: 1,000,000 MAU -> 30,000 active in 15 minutes -> 5,000 in one
/// minute's burst; 4,000 req/s x 20 ms = 80 in flight.</summary>
public sealed class TrafficMathTests
{
    [Fact]
    public void A_million_monthly_users_are_30000_active_and_5000_in_the_burst()
    {
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));

        Assert.Equal(1_000_000, plan.Mau);
        Assert.Equal(30_000, plan.ActiveIn15Minutes, 6);
        Assert.Equal(5_000, plan.BurstUsersPerMinute, 6);
        Assert.Equal(4_000, plan.Traffic.SteadyArrivalsPerSecond.Value, 6);
        Assert.Equal(83.333, plan.Traffic.BurstLoginsPerSecond.Value, 3);
        Assert.Equal(Sourced.DerivedKind, plan.Traffic.ActiveIn15Minutes.Kind);
        Assert.Contains("activeShare 0.03 (default)", plan.Traffic.ActiveIn15Minutes.How, StringComparison.Ordinal);
    }

    [Fact]
    public void Little_law_gives_80_in_flight_for_4000_requests_a_second_at_20_ms()
    {
        Assert.Equal(80, LittlesLaw.InFlight(4_000, 20), 9);
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));
        Assert.Equal(80, plan.Traffic.SteadyInFlight.Value, 6);
    }

    [Fact]
    public void A_ratio_given_by_the_user_changes_the_traffic_and_says_so()
    {
        var inputs = PlanInputs.Defaults(1_000_000);
        inputs.Assume.Set("activeShare", 0.06, "--active-share");

        var plan = CapacityPlanner.Plan(inputs);

        Assert.Equal(60_000, plan.ActiveIn15Minutes, 6);
        Assert.Equal(10_000, plan.BurstUsersPerMinute, 6);
        Assert.Equal(Sourced.GivenKind, plan.Inputs.Assumptions["activeShare"].Kind);
        Assert.Contains("--active-share", plan.Inputs.Assumptions["activeShare"].How, StringComparison.Ordinal);
    }

    [Fact]
    public void The_steady_arrivals_are_split_by_the_journey_mix_and_the_burst_adds_logins_and_feed_reads()
    {
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));
        var login = plan.Endpoints.Single(e => e.Name == "login");
        var profile = plan.Endpoints.Single(e => e.Name == "profile");

        // 30,000 x 1 login / 900 s = 33.3 steady, plus 5,000 / 60 s = 83.3 in the burst.
        Assert.Equal(33.333, login.Steady.Value, 3);
        Assert.Equal(83.333, login.Burst.Value, 3);
        // openProfile: 20 of the mix's 100 of the 4,000 - 33.3 arrivals that are not app openings.
        Assert.Equal((4_000 - 33.333333) * 0.2, profile.Steady.Value, 3);
        Assert.Equal(0, profile.Burst.Value);
    }
}
