using Stadium.Protection.Slo;

namespace Stadium.Planning.Tests.Edge;

/// <summary>The committed edge.conf is valid nginx, and the deploy renderer's template is the same file.</summary>
public sealed class EdgeConfigTests
{
    [Fact]
    public async Task Nginx_accepts_the_committed_edge_conf_and_refuses_a_broken_one()
    {
        // Only the upstream's host is replaced: `gateway` resolves where the file is deployed, not here.
        var deployable = EdgeServer.CommittedConfig.Replace(EdgeServer.UpstreamLine, "server 127.0.0.1:8080;", StringComparison.Ordinal);
        var (exitCode, output) = await EdgeServer.TestConfigAsync(deployable);
        Assert.True(exitCode == 0, output);
        Assert.Contains("test is successful", output);

        var broken = deployable.Replace("proxy_cache edge_cache;", "proxy_cache no_such_zone;", StringComparison.Ordinal);
        Assert.NotEqual(deployable, broken);
        var (brokenExit, brokenOutput) = await EdgeServer.TestConfigAsync(broken);
        Assert.NotEqual(0, brokenExit);
        Assert.Contains("no_such_zone", brokenOutput);
    }

    [Fact]
    public void The_edges_one_hour_bound_on_stale_reads_is_within_the_staleness_budgets_of_what_it_caches()
    {
        // edge.conf keys every entry by the current hour ($edge_epoch): nothing older than an hour is served stale.
        Assert.Contains("proxy_cache_key \"$edge_epoch $request_uri\";", EdgeServer.CommittedConfig);
        Assert.Contains("\"~^(?<hour>\\d{4}-\\d\\d-\\d\\dT\\d\\d)\" $hour;", EdgeServer.CommittedConfig);
        var budgets = SloFileParser.BuiltIn.Staleness;
        Assert.All(new[] { "posts", "profiles" }, kind =>
            Assert.True(TimeSpan.FromHours(1) <= budgets[kind], $"slo.yaml's {kind} budget ({budgets[kind]}) is below the edge's hour: shorten edge.conf's epoch"));
    }

    [Fact]
    public void The_deploy_template_is_the_committed_file_byte_for_byte()
    {
        var template = Stadium.Planning.Deploy.DeployRenderer.Templates().Single(t => t.Path == "nginx/edge.conf");
        Assert.Equal(File.ReadAllBytes(Stadium.Testing.Repository.Combine("deploy", "nginx", "edge.conf")), template.Bytes);
    }
}
