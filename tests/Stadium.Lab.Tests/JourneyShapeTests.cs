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
            population: 400
            profile: { feedReadsPerLogin: {{feedReadsPerLogin.ToString(System.Globalization.CultureInfo.InvariantCulture)}} }
            phases:
              - { executor: constant-arrival-rate, rate: 10, duration: 1s, journey: { openApp: 1 } }
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(_api.Address.ToString(), null, null));
        var workload = NewWorkload(plan, out _);
        workload.EnterPhase(0, plan.Phases[0]);

        const int openings = 300;
        for (var i = 0; i < openings; i++)
        {
            await workload.RunIterationAsync(new IterationContext(TimeProvider.System.GetTimestamp(), -1, 0), CancellationToken.None);
        }

        Assert.Equal(openings, _api.Calls("login"));
        var perLogin = (double)_api.Calls("feed") / openings;
        Assert.InRange(perLogin, expectedPerLogin * 0.8, expectedPerLogin * 1.2);
    }

    private static StadiumJourneyWorkload NewWorkload(LoadPlan plan, out LoadMeasurements measurements)
    {
        measurements = new LoadMeasurements();
        var client = new HttpClient();
        return new StadiumJourneyWorkload(
            new StadiumJourneyOptions(plan.Target, plan.Population, plan.Password, plan.ZipfExponent, plan.Mix, plan.PhaseMixes, plan.PostBodies, null,
                FeedReadsPerLogin: plan.FeedReadsPerLogin),
            new MeasuredSender(client, TimeProvider.System), measurements);
    }
}
