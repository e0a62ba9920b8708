using Stadium.Planning.Plan;
using Stadium.Protection.Slo;

namespace Stadium.Planning.Tests;

/// <summary>Capacity from hand-made results files: per-core capacity, nodes with headroom, pools against the servers'
/// connection limits, and a results file that is not one refused.</summary>
public sealed class CapacityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stadium-plan-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Node_count_is_the_busy_cores_at_the_cpu_target_rounded_up_plus_a_spare()
    {
        // Feed only: 1,000,000 x 3 % x 120 / 900 s = 4,000 feed reads/s; no logins, no burst; refreshes negligible.
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 2_000);
        var inputs = Inputs(feed, new Dictionary<string, double> { ["loginsPerActiveUser"] = 0, ["burstShare"] = 0, ["tokenLifetimeSeconds"] = 1e12 });

        var plan = CapacityPlanner.Plan(inputs);

        var capacity = plan.Endpoints.Single(e => e.Name == "feed").CapacityPerCore;
        Assert.Equal(2_000, capacity.Value, 6);
        Assert.Equal(Sourced.MeasuredKind, capacity.Kind);
        Assert.Contains("requestsPerSecond 2,000", capacity.How, StringComparison.Ordinal);
        // 4,000 / 2,000 per core = 2 cores; at 70 % of a one-core node that is 2.86, so 3 nodes, and 1 spare: 4.
        Assert.Equal(2, plan.Nodes.BusyMinuteCores.Value, 3);
        Assert.Equal(4, plan.Nodes.BusyMinute.Value);
        Assert.Equal(4, plan.Nodes.Steady.Value);
        Assert.Equal("1000m", plan.Nodes.Cpu);
    }

    [Fact]
    public void An_open_run_gives_a_derived_capacity_from_its_service_time_and_unmeasured_reads_follow_the_feed()
    {
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 3_000);
        var posts = HandMadeResults.Write(_folder, "POST", "/v1/posts", 100, meanServiceMs: 4, mode: "url (open, fixed rate, raw engine)");
        var inputs = Inputs(feed, new Dictionary<string, double>()) with { Results = [HandMadeResults.Load(feed), HandMadeResults.Load(posts)] };

        var plan = CapacityPlanner.Plan(inputs);

        var createPost = plan.Endpoints.Single(e => e.Name == "createPost").CapacityPerCore;
        Assert.Equal(250, createPost.Value, 6);
        Assert.Equal(Sourced.DerivedKind, createPost.Kind);
        Assert.Equal(3_000, plan.Endpoints.Single(e => e.Name == "profile").CapacityPerCore.Value, 6);
        Assert.Equal(Sourced.DefaultKind, plan.Endpoints.Single(e => e.Name == "login").CapacityPerCore.Kind);
    }

    [Fact]
    public void A_pool_that_exceeds_max_connections_is_flagged_and_one_that_fits_is_not()
    {
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 2_000);

        var tight = CapacityPlanner.Plan(Inputs(feed, new Dictionary<string, double> { ["primaryMaxConnections"] = 30 }));
        var roomy = CapacityPlanner.Plan(Inputs(feed, new Dictionary<string, double> { ["primaryMaxConnections"] = 5_000 }));

        var pool = tight.DatabasePool;
        Assert.Equal(pool.PrimaryPerNode.Value * tight.Nodes.BusyMinute.Value + pool.WorkerConnections.Value, pool.PrimaryTotal.Value, 6);
        Assert.True(pool.PrimaryExceeded);
        Assert.Contains(tight.Warnings, w => w.Contains("max_connections 30", StringComparison.Ordinal));
        Assert.True(pool.RecommendedPrimaryMaxConnections.Value >= pool.PrimaryTotal.Value + 13);
        Assert.False(roomy.DatabasePool.PrimaryExceeded);
        Assert.DoesNotContain(roomy.Warnings, w => w.Contains("primary", StringComparison.Ordinal));
        Assert.Equal(5_000, roomy.DatabasePool.RecommendedPrimaryMaxConnections.Value);
    }

    [Fact]
    public void Pools_are_little_law_need_times_the_safety_factor_over_the_working_nodes()
    {
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 2_000);
        var plan = CapacityPlanner.Plan(Inputs(feed, new Dictionary<string, double> { ["minPoolPerNode"] = 1 }) with { Journey = JourneyWeights.Default });

        var writes = plan.Endpoints.Where(e => e.Method != "GET").Sum(e => e.BusyMinute.Value);
        Assert.Equal(writes * 33.3 / 1000, plan.DatabasePool.PrimaryInFlight.Value, 6);
        Assert.True(plan.DatabasePool.PrimaryInFlight.Value > 10, "the default mix writes ~750/s: ~25 connections in flight");
        var working = plan.Nodes.Steady.Value - 1;
        Assert.Equal(Math.Ceiling(3 * plan.DatabasePool.PrimaryInFlight.Value / working), plan.DatabasePool.PrimaryPerNode.Value);
    }

    [Fact]
    public void Workers_run_the_export_jobs_in_flight_and_the_announcements()
    {
        var feed = HandMadeResults.Write(_folder, "GET", "/v1/feed", 2_000);
        // No exports (readFeed only); one announcement a second to 1,200 followers at 1,200 emails/s keeps one worker busy.
        var plan = CapacityPlanner.Plan(Inputs(feed, new Dictionary<string, double> { ["announcementsPerHour"] = 3600, ["announcementFollowers"] = 1200, ["emailsPerWorkerSecond"] = 1200 }));
        // 2,000 exports/s x 250 ms = 500 jobs in flight, 4 per worker: 125 workers busy, 179 at 70 % (no announcements).
        var exports = CapacityPlanner.Plan(Inputs(feed, new Dictionary<string, double> { ["announcementsPerHour"] = 0.0001, ["requestsPerActiveUser"] = 60, ["loginsPerActiveUser"] = 0 }) with
        {
            Journey = new JourneyWeights(new Dictionary<string, double> { ["export"] = 1 }, "test: exports only"),
        });

        Assert.Equal(1, plan.Workers.AnnouncementWorkers.Value, 9);
        Assert.Equal(2, plan.Workers.MinReplicas.Value);
        Assert.Equal(4, plan.Workers.MaxReplicas.Value);
        Assert.Equal(500, exports.Workers.JobsInFlight.Value, 6);
        Assert.Equal(179, exports.Workers.MinReplicas.Value);
    }

    [Fact]
    public void A_file_that_is_not_a_results_file_is_refused_with_its_name()
    {
        var broken = Path.Combine(_folder, "broken.json");
        File.WriteAllText(broken, "{\"mode\": \"url\", \"endpoints\": 3}");
        var empty = Path.Combine(_folder, "empty.json");
        File.WriteAllText(empty, "{}");

        Assert.Contains("broken.json", Assert.Throws<FormatException>(() => ResultsFiles.Load(broken)).Message, StringComparison.Ordinal);
        Assert.Contains("empty.json", Assert.Throws<FormatException>(() => ResultsFiles.Load(empty)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => ResultsFiles.Load(Path.Combine(_folder, "missing.json")));
    }

    [Fact]
    public void The_committed_inputs_are_real_results_files_and_measure_the_feed_and_the_login()
    {
        var files = ResultsFiles.BuiltIn();

        Assert.Equal(["bench/capacity/feed-1core.json", "bench/capacity/login-1core.json"], files.Select(f => f.Name));
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));
        Assert.Equal(Sourced.MeasuredKind, plan.Endpoints.Single(e => e.Name == "feed").CapacityPerCore.Kind);
        Assert.Equal(Sourced.MeasuredKind, plan.Endpoints.Single(e => e.Name == "login").CapacityPerCore.Kind);
    }

    private static PlanInputs Inputs(string results, IReadOnlyDictionary<string, double> assumptions)
    {
        var assume = new PlanAssumptions();
        foreach (var (key, value) in assumptions)
        {
            assume.Set(key, value, "test");
        }

        return new PlanInputs(1_000_000, [HandMadeResults.Load(results)], SloFileParser.BuiltIn, JourneyWeights.Default, assume) with
        {
            Journey = new JourneyWeights(new Dictionary<string, double> { ["readFeed"] = 1 }, "test: readFeed only"),
        };
    }
}
