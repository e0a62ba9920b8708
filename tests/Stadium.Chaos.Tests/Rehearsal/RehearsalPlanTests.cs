using Stadium.Chaos.Rehearsal;
using Stadium.Lab.Scenarios;

namespace Stadium.Chaos.Tests.Rehearsal;

/// <summary>MAU to the rehearsal's traffic: the design's figures, the scale that fits the cluster, the phases and their mixes.</summary>
public sealed class RehearsalPlanTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_million_MAU_has_the_design_figures_and_is_scaled_so_its_busiest_stretch_fits_the_cluster()
    {
        var plan = RehearsalPlan.Create(1_000_000, TenMinutes, null, RehearsalShape.Default);

        // The planner's default arithmetic (docs/planning.md): 30,000 active in 15 minutes x 120 requests = 4,000 req/s; 5,000 logins in the burst's minute.
        Assert.Equal(4_000, plan.SteadyArrivals, 6);
        Assert.Equal(5_000.0 / 60, plan.BurstLogins, 6);
        Assert.False(plan.ScaleGiven);
        Assert.Equal(1.0, plan.ClusterCores);
        Assert.True(plan.Scale > 1, $"scale {plan.Scale}");
        Assert.Equal(plan.DemandCores / plan.ClusterCores, plan.Scale, 9);

        // The busiest stretch at the scale needs the cluster's cores: the burst is the busy minute, each endpoint at its measured capacity per core.
        var scaledBusyMinuteCores = plan.Endpoints.Sum(e => e.Scaled / e.CapacityPerCore);
        Assert.True(scaledBusyMinuteCores <= plan.ClusterCores + 1e-9, $"{scaledBusyMinuteCores} cores");
        Assert.All(plan.Endpoints, e => Assert.Equal(e.BusyMinute / plan.Scale, e.Scaled, 9));
    }

    [Fact]
    public void The_burst_comes_first_then_steady_stretches_with_peaks_at_twice_the_steady_rate()
    {
        var plan = RehearsalPlan.Create(1_000_000, TenMinutes, 100, RehearsalShape.Default);

        Assert.True(plan.ScaleGiven);
        Assert.Equal(100, plan.Scale);
        Assert.Equal(["burst", "steady1", "peak1", "steady2", "peak2", "steady3", "peak3", "steady4"], plan.Phases.Select(p => p.Name));
        var burst = plan.Phases[0];
        Assert.Equal(TimeSpan.FromSeconds(60), burst.Duration);
        Assert.Equal((4_000 + (5_000.0 / 60)) / 100, burst.Arrivals, 6);
        Assert.All(plan.Phases.Where(p => p.Name.StartsWith("steady", StringComparison.Ordinal)), p => Assert.Equal(40, p.Arrivals, 6));
        Assert.All(plan.Phases.Where(p => p.Name.StartsWith("peak", StringComparison.Ordinal)), p =>
        {
            Assert.Equal(80, p.Arrivals, 6);
            Assert.Equal(TimeSpan.FromSeconds(30), p.Duration);
        });

        // Back to back, covering the run exactly.
        Assert.Equal(TimeSpan.Zero, plan.Phases[0].Start);
        Assert.All(plan.Phases.Zip(plan.Phases.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.Equal(TenMinutes, plan.Phases[^1].End);
    }

    [Fact]
    public void App_openings_are_the_logins_share_of_arrivals_in_each_phase()
    {
        var plan = RehearsalPlan.Create(1_000_000, TenMinutes, 100, RehearsalShape.Default);

        foreach (var phase in plan.Phases)
        {
            var mix = plan.MixFor(phase);
            Assert.Equal(phase.LoginShare, mix["openApp"] / mix.Values.Sum(), 9);
        }

        // The burst's openings are its own logins and the steady ones; the steady mix opens the app once per active user per 15 minutes.
        Assert.Equal((plan.SteadyLogins + plan.BurstLogins) / (plan.SteadyArrivals + plan.BurstLogins), plan.Phases[0].LoginShare, 9);
        Assert.Equal(plan.SteadyLogins / plan.SteadyArrivals, plan.Phases[1].LoginShare, 9);
        Assert.True(plan.Phases[0].LoginShare > plan.Phases[1].LoginShare);

        // One account per planned login: the burst's alone are 60 s of (4,000 + 83.3) / 100 arrivals at its share.
        var burstLogins = plan.Phases[0].Arrivals * plan.Phases[0].LoginShare * 60;
        Assert.InRange(plan.Population, burstLogins, 10_000);
    }

    [Fact]
    public void A_short_run_keeps_a_burst_a_peak_and_steady_stretches_between()
    {
        var plan = RehearsalPlan.Create(1_000_000, TimeSpan.FromSeconds(40), 100, RehearsalShape.Default);

        Assert.Equal(["burst", "steady1", "peak1", "steady2"], plan.Phases.Select(p => p.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), plan.Phases[0].Duration);
        Assert.All(plan.Phases, p => Assert.True(p.Duration > TimeSpan.Zero));
        Assert.Equal(TimeSpan.FromSeconds(40), plan.Phases[^1].End);
    }

    [Fact]
    public void A_small_MAU_that_the_cluster_can_serve_runs_at_its_real_rates()
    {
        var plan = RehearsalPlan.Create(1_000, TenMinutes, null, RehearsalShape.Default);

        Assert.Equal(1, plan.Scale);
        Assert.Equal(plan.SteadyArrivals, plan.Phases[1].Arrivals, 9);
    }

    [Fact]
    public void The_generated_scenario_is_one_the_lab_reads_with_the_plans_phases_and_rates()
    {
        var plan = RehearsalPlan.Create(1_000_000, TenMinutes, 100, RehearsalShape.Default);

        var scenario = ScenarioLoader.Parse(RehearsalScenario.Yaml(plan), "rehearsal");

        Assert.Equal(plan.Population, scenario.Population);
        Assert.Equal(plan.Phases.Select(p => p.Name), scenario.Phases.Select(p => p.Name));
        Assert.All(scenario.Phases.Zip(plan.Phases), pair =>
        {
            Assert.Equal("constant-arrival-rate", pair.First.Executor);
            Assert.Equal(pair.Second.Arrivals, pair.First.Rate!.Value, 5);
            Assert.Equal(pair.Second.Duration, DurationText.Parse(pair.First.Duration!));
            Assert.True(pair.First.Journey!["openApp"] > 0);
        });
    }
}
