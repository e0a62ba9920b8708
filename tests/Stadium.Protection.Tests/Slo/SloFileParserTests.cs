using Stadium.Protection.Slo;

namespace Stadium.Protection.Tests.Slo;

public sealed class SloFileParserTests
{
    private const string Good = """
        defaults:
          availability: 99.9%
          window: 28d
        endpoints:
          GET /v1/feed:
            latency: { p99: 50ms }
            deadline: 2s
          POST /v1/posts:
            latency: { p95: 200ms }
            availability: 99.5
          GET /v1/users/{username}/posts:
            latency: { p99: 100ms }
        staleness:
          posts: 1h
          profiles: 30s
        """;

    [Fact]
    public void A_good_file_gives_each_endpoint_its_objectives_with_defaults_filled_in()
    {
        var slo = SloFileParser.Parse(Good, "slo.yaml");

        var feed = slo.Find("GET", "/v1/feed")!;
        Assert.Equal((99, TimeSpan.FromMilliseconds(50), 0.999, TimeSpan.FromDays(28), TimeSpan.FromSeconds(2)),
            (feed.Percentile, feed.Latency, feed.Availability, feed.Window, feed.Deadline));
        var post = slo.Find("POST", "/v1/posts")!;
        Assert.Equal((95, 0.995), (post.Percentile, post.Availability));
        Assert.Equal(0.005, post.ErrorBudget, 9);
        Assert.Equal(TimeSpan.FromHours(1), slo.Staleness["posts"]);
        Assert.Equal(TimeSpan.FromSeconds(30), slo.Staleness["profiles"]);
    }

    [Fact]
    public void Without_a_deadline_an_endpoint_gets_twenty_times_its_latency_objective_from_one_to_thirty_seconds()
    {
        var slo = SloFileParser.Parse(Good, "slo.yaml");

        Assert.Equal(TimeSpan.FromSeconds(4), slo.Find("POST", "/v1/posts")!.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(2), slo.Find("GET", "/v1/users/{username}/posts")!.Deadline);
        Assert.Equal(TimeSpan.FromSeconds(1), SloFileParser.Parse("endpoints: { GET /a: { latency: { p99: 1ms }, availability: 99%, window: 1d } }", "f").Endpoints[0].Deadline);
        Assert.Equal(TimeSpan.FromSeconds(30), SloFileParser.Parse("endpoints: { GET /a: { latency: { p99: 5s }, availability: 99%, window: 1d } }", "f").Endpoints[0].Deadline);
    }

    [Fact]
    public void Request_paths_match_route_templates_preferring_literal_segments()
    {
        var slo = SloFileParser.Parse(Good.Replace("staleness:", "  GET /v1/users/{username}: { latency: { p99: 100ms } }\nstaleness:", StringComparison.Ordinal), "slo.yaml");

        Assert.Equal("GET /v1/users/{username}/posts", slo.Match("GET", "/v1/users/alice/posts?limit=20")!.Name);
        Assert.Equal("GET /v1/feed", slo.Match("get", "/v1/feed")!.Name);
        Assert.Null(slo.Match("POST", "/v1/feed"));
        Assert.Null(slo.Match("GET", "/v1/users"));
        // Empty segments and a trailing slash are ignored, as routing ignores them; one segment too many is no match.
        Assert.Equal("GET /v1/users/{username}/posts", slo.Match("GET", "/v1//users/alice/posts/")!.Name);
        Assert.Null(slo.Match("GET", "/v1/users/alice/posts/extra"));
        Assert.Null(slo.Match("GET", "/"));
    }

    [Fact]
    public void The_tightest_objective_is_the_shortest_latency_any_endpoint_promises()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(50), SloFileParser.BuiltIn.Tightest);
        Assert.Equal(TimeSpan.FromMilliseconds(7), SloFileParser.Parse(
            "defaults: { availability: 99%, window: 1d }\nendpoints: { GET /a: { latency: { p99: 7ms } }, GET /b: { latency: { p95: 2s } } }", "f").Tightest);
        Assert.Equal(TimeSpan.Zero, SloFileParser.Parse("endpoints: {}", "f").Tightest);
    }

    [Theory]
    [InlineData("latency: { p99: fast }", "slo.yaml:6: latency: p99 must be a duration like 50ms (got 'fast')")]
    [InlineData("latncy: { p99: 50ms }", "slo.yaml:6: unknown key 'latncy'; did you mean 'latency'?")]
    [InlineData("latency: { P99: 50ms }", "slo.yaml:6: unknown key 'P99'; did you mean 'p99'?")]
    [InlineData("availability: 100%", "slo.yaml:6: availability must be a percentage above 0 and below 100 like 99.9% (got '100%')")]
    [InlineData("deadline: soon", "slo.yaml:6: deadline must be a duration like 50ms (got 'soon')")]
    [InlineData("latency: 50ms", "slo.yaml:6: latency must be a mapping like { p99: 50ms }")]
    public void A_bad_value_is_one_line_naming_the_file_the_line_and_the_key(string line, string expected)
    {
        var text = "defaults:\n  availability: 99.9%\n  window: 28d\nendpoints:\n  GET /v1/feed:\n    " + line + "\n";

        var error = Assert.Throws<FormatException>(() => SloFileParser.Parse(text, "slo.yaml"));

        Assert.Equal(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("endpoint:\n  GET /v1/feed: {}", "slo.yaml:1: unknown key 'endpoint'; did you mean 'endpoints'?")]
    [InlineData("endpoints:\n  GETT /v1/feed: {}", "slo.yaml:2: endpoint 'GETT /v1/feed' must start with a method (GET, POST, PUT, PATCH, DELETE); did you mean 'GET'?")]
    [InlineData("endpoints:\n  GET v1/feed: {}", "slo.yaml:2: endpoint 'GET v1/feed' must be a method and a route template like 'GET /v1/users/{username}'")]
    [InlineData("endpoints:\n  GET /v1/feed: {}", "slo.yaml:2: GET /v1/feed: latency is missing; give one like 'latency: { p99: 50ms }' here or under defaults")]
    [InlineData("endpoints:\n  GET /v1/feed: { latency: { p99: 50ms }, availability: 99%, window: 1d }\n  get /v1/feed: {}", "slo.yaml:3: 'GET /v1/feed' is listed twice (first at line 2)")]
    [InlineData("endpoints:\n  GET /a: { latency: { p99: 2s }, availability: 99%, window: 1d, deadline: 1s }", "slo.yaml:2: GET /a: deadline (1s) must be longer than the latency objective (2s)")]
    [InlineData("staleness:\n  post: 1h\nendpoints: {}", "slo.yaml:2: unknown key 'post'; did you mean 'posts'?")]
    [InlineData("defaults: {}", "slo.yaml:1: 'endpoints:' is missing; an SLO file lists its endpoints, e.g. 'GET /v1/feed: { latency: { p99: 50ms } }'")]
    [InlineData("endpoints: [ GET /v1/feed ]", "slo.yaml:1: endpoints must be a mapping like 'GET /v1/feed: { latency: { p99: 50ms } }'")]
    [InlineData("", "slo.yaml:1: an SLO file is a mapping with 'endpoints:' (and optionally 'defaults:' and 'staleness:')")]
    [InlineData("endpoints:\n  GET /v1/feed: {\n", "slo.yaml:3: While parsing a node, did not find expected node content")]
    public void A_bad_file_is_one_line_naming_the_line(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SloFileParser.Parse(text, "slo.yaml"));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_folder_given_as_the_file_says_so_rather_than_access_denied()
    {
        var folder = Directory.CreateTempSubdirectory("stadium-slo-").FullName;
        try
        {
            var error = Assert.Throws<FormatException>(() => SloFileParser.Load(folder));

            Assert.Equal($"{folder}: cannot read the SLO file (it is a folder, not a file)", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<FormatException>(() => SloFileParser.Load("/nonexistent/slo.yaml"));

        Assert.StartsWith("/nonexistent/slo.yaml: cannot read the SLO file (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_objectives_are_the_repository_s_slo_yaml()
    {
        var root = Path.Combine(RepositoryRoot(), "slo.yaml");
        var file = SloFileParser.Load(root);

        Assert.Equal(SloFileParser.BuiltInSource, SloFileParser.BuiltIn.Source);
        Assert.Equal(file.Endpoints.Select(e => e with { }).ToList(), SloFileParser.BuiltIn.Endpoints);
        Assert.Equal(TimeSpan.FromMilliseconds(50), SloFileParser.BuiltIn.Find("GET", "/v1/feed")!.Latency);
        Assert.Equal(["celebrities", "posts", "profiles", "timelines"], SloFileParser.BuiltIn.Staleness.Keys.Order());
    }

    private static string RepositoryRoot()
    {
        var folder = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(folder, "Stadium.slnx")))
        {
            folder = Path.GetDirectoryName(folder) ?? throw new InvalidOperationException("no Stadium.slnx above the test binaries");
        }

        return folder;
    }
}
