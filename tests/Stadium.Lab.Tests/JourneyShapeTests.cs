using Stadium.Lab.Execution;
using Stadium.Lab.Http;
using Stadium.Lab.Journeys;
using Stadium.Lab.Measurement;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

/// <summary>The traffic journeys send has the shape the scenario and the MAU profile say, call by call.</summary>
public sealed class JourneyShapeTests : IAsyncLifetime
{
    private FakeStadiumApi _api = null!;

    public async Task InitializeAsync() => _api = await FakeStadiumApi.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData(3.0, 3.0)]
    [InlineData(0.5, 0.5)]
    public async Task An_app_opening_reads_the_feed_as_often_as_the_profile_says(double feedReadsPerLogin, double expectedPerLogin)
    {
        var scenario = ScenarioLoader.Parse($$"""
            population: 2000
            profile: { feedReadsPerLogin: {{feedReadsPerLogin.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
            phases:
              - { executor: constant-arrival-rate, rate: 10, duration: 1s, journey: { openApp: 1 } }
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_api.Address.ToString(), null, null));
        var workload = NewWorkload(plan, out _);
        workload.EnterPhase(0, plan.Phases[0]);

        // Enough that the fraction's coin flips stay well inside the bounds (0.5 per login: 6 standard deviations).
        const int openings = 1000;
        await RunAsync(workload, openings);

        Assert.Equal(openings, _api.Calls("login"));
        var perLogin = (double)_api.Calls("feed") / openings;
        Assert.InRange(perLogin, expectedPerLogin * 0.8, expectedPerLogin * 1.2);
    }

    [Fact]
    public async Task Steady_MAU_traffic_logs_in_the_profiles_share_and_otherwise_reuses_the_sessions_it_has()
    {
        // 600,000 MAU with 10 requests per active user: 18,000 actives, a burst of 50 logins/s, a steady 200 arrivals/s of
        // which 20/s (10 %) are app openings: the other 90 % must come from accounts already signed in, with their tokens.
        var scenario = ScenarioLoader.Parse("""
            population: 5000
            profile: { requestsPerActiveUser: 10 }
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_api.Address.ToString(), 600_000, TimeSpan.FromSeconds(20)));
        Assert.Equal(0.1, plan.Profile!.SteadyLoginShare, 6);
        var workload = NewWorkload(plan, out _);

        var burst = plan.Phases[0].Arrivals!.ArrivalCount;
        workload.EnterPhase(0, plan.Phases[0]);
        await RunAsync(workload, burst);
        var burstLogins = _api.Calls("login");

        var steady = plan.Phases[1].Arrivals!.ArrivalCount;
        workload.EnterPhase(1, plan.Phases[1]);
        await RunAsync(workload, steady);
        var steadyLogins = _api.Calls("login") - burstLogins;

        Assert.Equal(burst, burstLogins);
        var expected = steady * plan.Profile.SteadyLoginShare;
        Assert.True(
            steadyLogins >= expected * 0.7 && steadyLogins <= expected * 1.3,
            $"{steadyLogins} logins in {steady} steady arrivals; the profile says {expected:0} ({plan.Profile.SteadyLoginShare:P1})");
        Assert.All(_api.LoginsByUser, account => Assert.Equal(1, account.Value));
        Assert.Equal(0, _api.Calls("refresh"));
    }

    private static async Task RunAsync(StadiumJourneyWorkload workload, long iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            await workload.RunIterationAsync(new IterationContext(TimeProvider.System.GetTimestamp(), -1, 0), CancellationToken.None);
        }
    }

    private static StadiumJourneyWorkload NewWorkload(LoadPlan plan, out LoadMeasurements measurements)
    {
        measurements = new LoadMeasurements();
        var client = new HttpClient();
        return new StadiumJourneyWorkload(
            new StadiumJourneyOptions(plan.Target, plan.Population, plan.Password, plan.ZipfExponent, plan.Mix, plan.PhaseMixes, plan.PostBodies, null,
                FeedReadsPerLogin: plan.FeedReadsPerLogin, SignedInPhases: plan.SignedInPhases),
            new MeasuredSender(client, TimeProvider.System), measurements);
    }
}
