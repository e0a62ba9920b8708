using Stadium.Planning.Plan;
using Stadium.Protection.Slo;

namespace Stadium.Planning.Tests;

/// <summary>Cache TTLs from the SLO file's staleness budgets: the budget divided by the cache layers a read passes,
/// never longer than the service's own duration.</summary>
public sealed class CacheTtlTests
{
    private const string Slo = """
        defaults:
          availability: 99.9%
          window: 28d
          latency: { p99: 100ms }
        endpoints:
          GET /v1/feed:
            latency: { p99: 50ms }
        staleness:
          posts: 40s
          profiles: 1h
          timelines: 5s
        """;

    [Fact]
    public void A_budget_of_40_seconds_through_two_layers_gives_posts_a_20_second_ttl()
    {
        var caches = CachePlanner.Plan(SloFileParser.Parse(Slo, "test-slo.yaml"), new PlanAssumptions());

        var post = caches.Single(c => c.Cache == "post");
        Assert.Equal(40, post.BudgetSeconds.Value);
        Assert.Equal(20, post.TtlSeconds.Value);
        Assert.Contains("staleness.posts 40 s / 2 layers", post.TtlSeconds.How, StringComparison.Ordinal);
        Assert.Contains("test-slo.yaml: staleness.posts", post.BudgetSeconds.How, StringComparison.Ordinal);
        // The feed is private (one layer): its 5 s budget is its TTL.
        Assert.Equal(5, caches.Single(c => c.Cache == "feed").TtlSeconds.Value);
        // A generous budget leaves the service's own duration (Stadium:Cache:ProfileDuration, 30 s).
        Assert.Equal(30, caches.Single(c => c.Cache == "profile").TtlSeconds.Value);
    }

    [Fact]
    public void The_committed_slo_gives_the_deploy_files_their_ttls()
    {
        var plan = CapacityPlanner.Plan(PlanInputs.Defaults(1_000_000));

        var values = plan.ToDeployValues();
        Assert.Equal(5, values.FeedCacheTtlSeconds);
        Assert.Equal(30, values.ProfileCacheTtlSeconds);
        Assert.Equal(600, values.PostCacheTtlSeconds);
    }

    [Fact]
    public void An_assumptions_file_with_an_unknown_key_or_a_bad_number_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("stadium-plan-").FullName;
        try
        {
            var good = Path.Combine(folder, "good.yaml");
            File.WriteAllText(good, "nodeCores: 2\nprimaryMaxConnections: 500\n");
            var typo = Path.Combine(folder, "typo.yaml");
            File.WriteAllText(typo, "nodeCore: 2\n");
            var negative = Path.Combine(folder, "negative.yaml");
            File.WriteAllText(negative, "nodeCores: -1\n");
            var words = Path.Combine(folder, "words.yaml");
            File.WriteAllText(words, "nodeCores: two\n");

            var assume = AssumptionsFile.Apply(good, new PlanAssumptions());
            Assert.Equal(2, assume["nodeCores"]);
            Assert.Equal(Sourced.GivenKind, assume.Get("primaryMaxConnections").Kind);
            Assert.Contains("unknown assumption 'nodeCore'", Assert.Throws<FormatException>(() => AssumptionsFile.Apply(typo, new PlanAssumptions())).Message, StringComparison.Ordinal);
            Assert.Contains("nodeCores must be a positive number", Assert.Throws<FormatException>(() => AssumptionsFile.Apply(negative, new PlanAssumptions())).Message, StringComparison.Ordinal);
            Assert.Contains("words.yaml", Assert.Throws<FormatException>(() => AssumptionsFile.Apply(words, new PlanAssumptions())).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
