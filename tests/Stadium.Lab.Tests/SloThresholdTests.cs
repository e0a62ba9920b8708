using Spectre.Console.Testing;
using Stadium.Lab.Generic;
using Stadium.Lab.Scenarios;
using Stadium.Protection.Slo;

namespace Stadium.Lab.Tests;

/// <summary>`stadium load --slo`: the SLO file's objectives become thresholds for the endpoints a run hits, and gate its exit code.</summary>
public sealed class SloThresholdTests : TempFolderTest
{
    private static readonly SloObjectives Slo = SloFileParser.Parse("""
        defaults: { availability: 99%, window: 28d }
        endpoints:
          GET /v1/feed: { latency: { p99: 5s } }
          GET /v1/users/{username}/posts: { latency: { p95: 4s } }
          POST /v1/posts: { latency: { p99: 5s } }
        """, "slo.yaml");

    [Fact]
    public async Task A_url_run_gets_the_matching_endpoint_s_latency_and_error_thresholds()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var (code, results) = await job.RunUrlAsync(
            new RequestTemplate("url", "GET", Path(server, "/v1/users/alice/posts?limit=5"), [], null), connections: 1, TimeSpan.FromMilliseconds(500), rate: null,
            TimeSpan.FromSeconds(5), maxRequests: 20, allowRemote: false, new OutputOptions(null, null, [], Quiet: true, Slo: Slo), CancellationToken.None);

        Assert.Equal(LoadJob.Passed, code);
        Assert.Equal(
            ["url: p95<=4000ms (slo: GET /v1/users/{username}/posts)", "url: errors<=1% (slo: GET /v1/users/{username}/posts)"],
            results.Thresholds.Select(t => t.Expression));
        Assert.All(results.Thresholds, t => Assert.True(t.Passed, t.Detail));
    }

    [Fact]
    public async Task Errors_beyond_the_error_budget_fail_the_run()
    {
        await using var server = new ScriptedHttpServer(_ => new ScriptedReply(["HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"]));
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var (code, results) = await job.RunUrlAsync(
            new RequestTemplate("url", "GET", Path(server, "/v1/feed"), [], null), connections: 1, TimeSpan.FromMilliseconds(500), rate: null,
            TimeSpan.FromSeconds(5), maxRequests: 20, allowRemote: false, new OutputOptions(null, null, [], Quiet: true, Slo: Slo), CancellationToken.None);

        Assert.Equal(LoadJob.ThresholdBreached, code);
        var errors = Assert.Single(results.Thresholds, t => t.Metric == "errorRate");
        Assert.False(errors.Passed);
        Assert.Equal("url: errors<=1% (slo: GET /v1/feed)", errors.Expression);
    }

    [Fact]
    public async Task A_request_list_gets_thresholds_only_for_the_endpoints_the_file_lists()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var scenario = ScenarioLoader.Parse("""
            requests:
              - { name: feed, url: /v1/feed }
              - { name: unlisted, url: /json }
            phases: [{ executor: constant-users, users: 1, duration: 500ms }]
            """);
        var plan = ScenarioPlanner.Plan(scenario, new PlanOverrides(server.Url.GetLeftPart(UriPartial.Authority), null, null));
        var job = new LoadJob(new TestConsole(), TimeProvider.System);

        var (code, results) = await job.RunScenarioAsync(plan, null, maxRequests: 20, allowRemote: false, new OutputOptions(null, null, [], Quiet: true, Slo: Slo), CancellationToken.None);

        Assert.Equal(LoadJob.Passed, code);
        Assert.Equal(["feed", "feed"], results.Thresholds.Select(t => t.Scope));
    }

    [Fact]
    public async Task The_cli_reports_slo_thresholds_and_a_bad_file_is_one_line_with_exit_2()
    {
        await using var server = new ScriptedHttpServer(_ => ScriptedReply.Ok());
        var good = System.IO.Path.Combine(Folder, "slo.yaml");
        await File.WriteAllTextAsync(good, "defaults: { availability: 99%, window: 28d }\nendpoints:\n  GET /v1/feed: { latency: { p99: 5s } }\n");
        var bad = System.IO.Path.Combine(Folder, "bad.yaml");
        await File.WriteAllTextAsync(bad, "endpoints:\n  GET /v1/feed:\n    latency: { p99: fast }\n");
        var scenario = System.IO.Path.Combine(Folder, "scenario.yaml");
        await File.WriteAllTextAsync(scenario, $"target: {server.Url.GetLeftPart(UriPartial.Authority)}\nrequests: [{{ name: feed, url: /v1/feed }}]\nphases: [{{ executor: constant-users, users: 1, duration: 500ms }}]\n");

        var url = await StadiumCli.RunAsync("load", "url", Path(server, "/v1/feed"), "-c", "1", "-d", "500ms", "--max-requests", "20", "--slo", good);
        var run = await StadiumCli.RunAsync("load", "run", scenario, "--max-requests", "20", "--slo", good);
        var badUrl = await StadiumCli.RunAsync("load", "url", Path(server, "/v1/feed"), "--slo", bad);
        var badRun = await StadiumCli.RunAsync("load", "run", scenario, "--slo", bad);

        Assert.True(url.ExitCode == 0, url.Output);
        Assert.Contains("pass url: p99<=5000ms (slo: GET /v1/feed)", url.Output, StringComparison.Ordinal);
        Assert.Contains("pass url: errors<=1% (slo: GET /v1/feed)", url.Output, StringComparison.Ordinal);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("pass feed: p99<=5000ms (slo: GET /v1/feed)", run.Output, StringComparison.Ordinal);
        Assert.Equal((2, $"stadium load url: {bad}:3: latency: p99 must be a duration like 50ms (got 'fast') (see --help)"), (badUrl.ExitCode, badUrl.Output.Trim()));
        Assert.Equal((2, $"stadium load run: {bad}:3: latency: p99 must be a duration like 50ms (got 'fast') (see --help)"), (badRun.ExitCode, badRun.Output.Trim()));
    }

    private static string Path(ScriptedHttpServer server, string path) => server.Url.GetLeftPart(UriPartial.Authority) + path;
}
