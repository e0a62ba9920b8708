using Stadium.Scaling.Config;
using Stadium.Scaling.Hpa;

namespace Stadium.Scaling.Tests.Config;

/// <summary>The config file: the shipped example reads as documented; every mistake is one line naming the file, line and key.</summary>
public sealed class AutoscaleFileTests
{
    [Fact]
    public void The_shipped_example_reads_with_its_defaults()
    {
        var config = AutoscaleFileParser.Load(Path.Combine(AppContext.BaseDirectory, "autoscale.yaml"));

        Assert.Equal(TimeSpan.FromSeconds(15), config.Interval);
        Assert.Equal(0.1, config.Tolerance);
        var api = config.Targets[0];
        Assert.Equal(("api", "local", 2, 6), (api.Name, api.Driver, api.MinReplicas, api.MaxReplicas));
        Assert.Equal(["latency", "errorRate", "inFlight", "cpu", "memory"], api.Metrics.Select(m => m.Name));
        var inFlight = api.Metrics.Single(m => m.Name == "inFlight");
        Assert.Equal((true, true, new MetricTarget(MetricTargetType.AverageValue, 40), "inFlight-perCore-mean"), (inFlight.PerCore, inFlight.Mean, inFlight.Target, inFlight.Key));
        // Latency and errors count only while the nodes are busy: a cold or idle fleet's p99 does not start nodes.
        Assert.Equal([50.0, 50.0], api.Metrics.Where(m => m.Name is "latency" or "errorRate").Select(m => m.BusyCpu));
        Assert.Equal(new MetricTarget(MetricTargetType.Utilization, 70), api.Metrics.Single(m => m.Name == "cpu").Target);
        // Memory is a guard: it may add nodes, never hold them (it does not fall when nodes are added).
        Assert.Equal(["memory"], api.Metrics.Where(m => m.ScaleOutOnly).Select(m => m.Name));
        Assert.Equal(TimeSpan.FromSeconds(300), api.Behavior.ScaleDown.StabilizationWindow);
        Assert.Equal(new ScalingPolicy(ScalingPolicyType.Pods, 1, TimeSpan.FromSeconds(60)), Assert.Single(api.Behavior.ScaleDown.Policies));
        Assert.Equal(["queueDepth", "queueAge"], config.Targets[1].Metrics.Select(m => m.Name));
    }

    [Fact]
    public void Behaviour_left_out_takes_kubernetes_defaults()
    {
        var config = AutoscaleFileParser.Parse("""
            targets:
              - name: api
                driver: local
                maxReplicas: 3
                metrics: [{ name: cpu, target: { averageUtilization: 70 } }]
                behavior: { scaleDown: { stabilizationWindowSeconds: 60 } }
            """, "a.yaml");

        var target = Assert.Single(config.Targets);
        Assert.Equal(1, target.MinReplicas);
        Assert.Equal(ScalingRules.DefaultScaleUp, target.Behavior.ScaleUp);
        Assert.Equal(TimeSpan.FromSeconds(60), target.Behavior.ScaleDown.StabilizationWindow);
        Assert.Equal(ScalingRules.DefaultScaleDown.Policies, target.Behavior.ScaleDown.Policies);
    }

    [Theory]
    [InlineData("perCore: true", true, "inFlight-perCore")]
    [InlineData("perCore: false", false, "inFlight")]
    [InlineData("", false, "inFlight")]
    [InlineData("perCore: true, mean: true", true, "inFlight-perCore-mean")]
    public void In_flight_per_core_is_an_option_and_a_file_without_it_reads_as_before(string option, bool perCore, string key)
    {
        var config = AutoscaleFileParser.Parse(Target + $"    metrics: [{{ name: inFlight, {option}{(option.Length > 0 ? ", " : "")}target: {{ averageValue: 40 }} }}]\n", "a.yaml");

        var metric = Assert.Single(Assert.Single(config.Targets).Metrics);
        Assert.Equal((perCore, key, 40.0), (metric.PerCore, metric.Key, metric.Target.Value));
        Assert.Equal(option.Contains("mean: true", StringComparison.Ordinal), metric.Mean);
    }

    [Theory]
    [InlineData("targets: []", "a.yaml:1: 'targets:' is missing")]
    [InlineData(Target + "    metrics:\n      - { name: inFlight, perCore: yes, target: { averageValue: 40 } }\n", "a.yaml:6: targets[0].metrics[0].perCore must be true or false (got 'yes')")]
    [InlineData(Target + "    metrics: [{ name: cpu, perCore: true, target: { averageUtilization: 70 } }]\n", "a.yaml:5: targets[0].metrics[0].perCore does not apply to cpu")]
    [InlineData(Target + "    metrics: [{ name: latency, mean: true, target: { value: 100 } }]\n", "a.yaml:5: targets[0].metrics[0].mean does not apply to latency")]
    [InlineData(Target + "    metrics: [{ name: cpu, busyCpu: 50, target: { averageUtilization: 70 } }]\n", "a.yaml:5: targets[0].metrics[0].busyCpu does not apply to cpu")]
    [InlineData(Target + "    metrics: [{ name: latency, busyCpu: 150, target: { value: 100 } }]\n", "targets[0].metrics[0].busyCpu must be a percentage of the node's CPU limit from 0 to 100")]
    [InlineData("intervall: 15s\ntargets: []", "a.yaml:1: unknown key 'intervall'; did you mean 'interval'?")]
    [InlineData(Target + "    minReplicas: 4\n", "a.yaml:4: targets[0].maxReplicas (3) must be at least minReplicas (4)")]
    [InlineData(Target + "    metrics: [{ name: cpux, target: { averageUtilization: 70 } }]\n", "a.yaml:5: targets[0].metrics[0].name: unknown signal 'cpux'; did you mean 'cpu'?")]
    [InlineData(Target + "    metrics: [{ name: cpu, target: { type: Value, value: 70 } }]\n", "targets[0].metrics[0].target.type: cpu is measured as Utilization (% of the node's CPU limit), not 'Value'")]
    [InlineData(Target + "    metrics: [{ name: cpu, target: { averageUtilization: high } }]\n", "targets[0].metrics[0].target.averageUtilization must be a number above 0 (got 'high')")]
    [InlineData(Target + "    metrics: [{ name: cpu, percentile: p99, target: { averageUtilization: 70 } }]\n", "targets[0].metrics[0].percentile does not apply to cpu")]
    [InlineData(Target + "    metrics: [{ name: cpu, target: { averageUtilization: 70 } }]\n    behavior: { scaleUp: { selectPolicy: Fastest } }\n",
        "targets[0].behavior.scaleUp.selectPolicy must be Max, Min or Disabled (got 'Fastest')")]
    [InlineData(Target + "    metrics: [{ name: cpu, target: { averageUtilization: 70 } }]\n    behavior: { scaleDown: { stabilizationWindowSeconds: 4000 } }\n",
        "targets[0].behavior.scaleDown.stabilizationWindowSeconds must be a whole number of seconds from 0 to 3600 (got '4000')")]
    [InlineData(Target + "    metrics: [{ name: cpu, target: { averageUtilization: 70 } }]\n    behavior: { scaleDown: { policies: [{ type: Nodes, value: 1, periodSeconds: 60 }] } }\n",
        "targets[0].behavior.scaleDown.policies[0].type must be Pods or Percent (got 'Nodes')")]
    [InlineData("targets:\n  - name: api\n    driver: kube\n    maxReplicas: 3\n", "a.yaml:3: targets[0].driver: unknown driver 'kube'")]
    [InlineData("targets:\n  - name: api\n    driver: kubernetes\n    maxReplicas: 3\n", "targets[0].kubernetes.deployment is missing; the kubernetes driver needs it")]
    [InlineData("targets:\n  - name: api\n    driver: local\n    local: { rol: api }\n", "unknown key 'targets[0].local.rol'; did you mean 'role'?")]
    public void A_mistake_is_one_line_naming_the_key(string yaml, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AutoscaleFileParser.Parse(yaml, "a.yaml"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("a.yaml:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private const string Target = "targets:\n  - name: api\n    driver: local\n    maxReplicas: 3\n";
}
