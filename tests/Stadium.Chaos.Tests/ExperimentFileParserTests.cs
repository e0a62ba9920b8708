using Stadium.Chaos.Experiments;
using Stadium.Chaos.Faults;
using Stadium.Testing;

namespace Stadium.Chaos.Tests;

public sealed class ExperimentFileParserTests
{
    private const string Valid = """
        title: node killed
        steady-state-hypothesis:
          probes:
            - name: profile
              type: http
              url: /v1/users/user1
              tolerance: { status: 200, latency: 2s }
        method:
          - { fault: kill, target: api-2, at: 10s, duration: 20s }
        load: { scenario: scenarios/chaos-mix.yaml, duration: 60s }
        rollbacks:
          - { name: mark, type: process, path: /usr/bin/touch, arguments: [/tmp/x] }
        gates: { recovery: 30s, availability: 0.99 }
        """;

    [Fact]
    public void A_valid_file_reads_every_part()
    {
        var experiment = ExperimentFileParser.Parse(Valid, "e.yaml");

        Assert.Equal("node killed", experiment.Title);
        var probe = Assert.Single(experiment.Hypothesis.Probes);
        Assert.Equal((200, TimeSpan.FromSeconds(2)), (probe.Status, probe.Latency!.Value));
        var step = Assert.Single(experiment.Method);
        Assert.Equal(("kill", "api-2", TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)), (step.Fault, step.Target, step.At, step.Duration));
        Assert.Equal(TimeSpan.FromSeconds(60), experiment.Load!.Duration);
        Assert.Equal(["/tmp/x"], Assert.Single(experiment.Rollbacks).Arguments);
        Assert.Equal(0.99, experiment.Gates.Availability);
        Assert.Equal(TimeSpan.FromSeconds(30), experiment.LastFaultEnd);
        Assert.Null(experiment.Warmup);
    }

    [Fact]
    public void A_warmup_is_read_and_a_bad_one_named()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), ExperimentFileParser.Parse(Valid + "\nwarmup: 5s", "e.yaml").Warmup);
        Assert.Equal(TimeSpan.Zero, ExperimentFileParser.Parse(Valid + "\nwarmup: 0s", "e.yaml").Warmup);

        var error = Assert.Throws<FormatException>(() => ExperimentFileParser.Parse(Valid + "\nwarmup: a while", "e.yaml"));

        Assert.Equal("e.yaml:14: warmup must be a duration like 30s or 2m (got 'a while')", error.Message);
    }

    [Theory]
    [InlineData("at: 10s", "at: soon", "e.yaml:9: method[0].at must be a duration like 30s or 2m (got 'soon')")]
    [InlineData("fault: kill", "fault: kil", "e.yaml:9: method[0].fault: unknown fault 'kil'; did you mean 'kill'?")]
    [InlineData("fault: kill", "fault: latncy", "e.yaml:9: method[0].fault: unknown fault 'latncy'; did you mean 'latency'?")]
    [InlineData("type: http", "type: htp", "e.yaml:5: steady-state-hypothesis.probes[0].type: unknown probe type 'htp'; did you mean 'http'?")]
    [InlineData("gates:", "gate:", "e.yaml:13: unknown key 'gate'; did you mean 'gates'?")]
    [InlineData("latency: 2s }", "latncy: 2s }", "e.yaml:7: unknown key 'steady-state-hypothesis.probes[0].tolerance.latncy'; did you mean 'steady-state-hypothesis.probes[0].tolerance.latency'?")]
    [InlineData("availability: 0.99", "availability: 2", "e.yaml:13: gates.availability must be a share between 0 and 1 like 0.999 (got '2')")]
    [InlineData("path: /usr/bin/touch, ", "", "e.yaml:12: rollbacks[0].path is missing (a process rollback runs a program)")]
    [InlineData("{ status: 200", "{ status: [200", "e.yaml:7: ")]
    [InlineData("gates: {", "cluster: { nodes: 50 }\ngates: {", "e.yaml:13: cluster.nodes must be a whole number from 1 to 32 (got '50')")]
    [InlineData("gates: {", "cluster: { replicas: 9 }\ngates: {", "e.yaml:13: cluster.replicas must be a whole number from 0 to 8 (got '9')")]
    public void A_mistake_names_the_file_the_line_and_the_key(string replace, string with, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ExperimentFileParser.Parse(Valid.Replace(replace, with, StringComparison.Ordinal), "e.yaml"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_method_says_what_is_missing()
    {
        var error = Assert.Throws<FormatException>(() => ExperimentFileParser.Parse("title: t\nsteady-state-hypothesis:\n  probes: [{ name: a, type: http, url: / }]\n", "e.yaml"));

        Assert.Equal("e.yaml:1: method is missing", error.Message);
    }

    [Fact]
    public void Every_experiment_of_the_matrix_reads()
    {
        string[] matrix = ["node-kill", "db-latency", "primary-down", "redis-down", "db-loss", "replica-lag", "worker-kill", "login-storm"];
        foreach (var name in matrix)
        {
            var experiment = ExperimentFileParser.Load(Path.Combine(Repository.Root, "chaos", name + ".yaml"));

            Assert.True(File.Exists(Path.Combine(Repository.Root, experiment.Load!.Scenario)), $"{name}: {experiment.Load.Scenario}");
            Assert.All(experiment.Method, step => Assert.Contains(step.Fault, FaultKinds.Names));
        }
    }
}
