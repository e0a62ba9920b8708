using Stadium.Lab.Journeys;
using Stadium.Lab.Journeys.Actions;
using Stadium.Lab.Scenarios;

namespace Stadium.Lab.Tests;

public class ScenarioTests
{
    [Fact]
    public void Yaml_scenario_becomes_phases_mix_and_settings()
    {
        var file = ScenarioLoader.Parse("""
            target: http://127.0.0.1:8080
            population: 200
            journey: { readFeed: 3, createPost: 1 }
            phases:
              - executor: ramping-arrival-rate
                startRate: 10
                stages: [ { duration: 2s, target: 50 }, { duration: 1m, target: 50 } ]
              - executor: constant-users
                users: 20
                duration: 5s
                thinkTime: { min: 100ms, max: 1s }
                journey: { openApp: 1 }
            """);

        var plan = ScenarioPlanner.Plan(file, new PlanOverrides("http://127.0.0.1:9000", null, null));

        Assert.Equal(new Uri("http://127.0.0.1:9000/"), plan.Target);
        Assert.True(plan.IsJourney);
        Assert.Equal(200, plan.Population);
        Assert.Equal("ramping-arrival-rate", plan.Phases[0].Executor.Name);
        Assert.Equal(60 + 3000, plan.Phases[0].Arrivals!.ArrivalCount);
        Assert.Equal("constant-users", plan.Phases[1].Executor.Name);
        Assert.Equal(20, plan.Phases[1].Users!.MaxUsers);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.Phases[1].Think.Max);
        Assert.Equal(0.75, plan.Mix.Weights[JourneyActions.ReadFeed] / plan.Mix.Weights.Values.Sum(), 9);
        Assert.Equal([JourneyActions.OpenApp], plan.PhaseMixes[1].Weights.Keys);
    }

    [Fact]
    public void Json_request_list_is_generic_mode()
    {
        var file = ScenarioLoader.Parse("""
            { "target": "http://127.0.0.1:5080",
              "requests": [ { "name": "json", "url": "/json", "weight": 9 },
                            { "method": "POST", "url": "/echo", "headers": { "X-Test": "1" }, "body": "{}" } ],
              "phases": [ { "executor": "constant-arrival-rate", "rate": 100, "duration": "3s" } ] }
            """);

        var plan = ScenarioPlanner.Plan(file, new PlanOverrides(null, null, TimeSpan.FromSeconds(2)));

        Assert.False(plan.IsJourney);
        Assert.Equal(["json", "POST /echo"], plan.Requests!.Select(r => r.Name));
        Assert.Equal(300, plan.Phases[0].Arrivals!.ArrivalCount);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.MaxDuration);
    }

    [Fact]
    public void Unknown_keys_and_executors_are_errors_not_silent_defaults()
    {
        Assert.Throws<FormatException>(() => ScenarioLoader.Parse("target: http://127.0.0.1\nphazes: []\n"));
        var file = ScenarioLoader.Parse("target: http://127.0.0.1\nphases: [ { executor: shared-iterations } ]\n");
        Assert.Throws<FormatException>(() => ScenarioPlanner.Plan(file, new PlanOverrides(null, null, null)));
        Assert.Throws<FormatException>(() => JourneyMix.Parse(new Dictionary<string, double> { ["dance"] = 1 }));
    }

    [Fact]
    public void A_list_where_a_word_belongs_is_reported_by_place_without_assembly_names()
    {
        var error = Assert.Throws<FormatException>(() => ScenarioLoader.Parse("phases:\n  - executor: [ constant-users ]\n", "s.yaml"));

        Assert.Equal("s.yaml: 'executor' at line 2 must be a single value like a word or a quoted string", error.Message);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5", 1_500)]
    public void Durations_read_as_people_write_them(string text, double milliseconds) =>
        Assert.Equal(milliseconds, DurationText.Parse(text).TotalMilliseconds, 6);

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("https://example.com", false)]
    public void Only_loopback_targets_unless_allowed(string url, bool allowed)
    {
        if (allowed)
        {
            Assert.NotNull(Http.TargetGuard.Check(url, allowRemote: false));
        }
        else
        {
            Assert.Throws<ArgumentException>(() => Http.TargetGuard.Check(url, allowRemote: false));
            Assert.NotNull(Http.TargetGuard.Check(url, allowRemote: true));
        }
    }

    [Fact]
    public void Zipf_favours_low_ranks_and_post_sizes_stay_in_bounds()
    {
        var random = new Random(3);
        var zipf = new ZipfPicker(1000, 1.0);
        var draws = Enumerable.Range(0, 50_000).Select(_ => zipf.Next(random)).ToArray();
        var first = draws.Count(d => d == 1);
        var tenth = draws.Count(d => d == 10);
        Assert.InRange(first / (double)tenth, 7, 13);
        Assert.Equal(50, zipf.NextDistinct(50, random).Distinct().Count());

        var sizes = new PostBodySizes(MinChars: 8, MedianChars: 120, MaxChars: 500);
        var lengths = Enumerable.Range(0, 5_000).Select(_ => sizes.NextText(random).Length).Order().ToArray();
        Assert.All(lengths, l => Assert.InRange(l, 1, 500));
        Assert.InRange(lengths[lengths.Length / 2], 90, 150);
    }
}
