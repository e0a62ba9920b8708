using System.Globalization;
using Stadium.Infra.Fleet;
using YamlDotNet.RepresentationModel;

namespace Stadium.Chaos.Experiments;

/// <summary>Walks one experiment file's YAML tree, checking keys and values as it goes (see <see cref="ExperimentFileParser"/>).</summary>
internal sealed class ExperimentFileReader(string source)
{
    private static readonly string[] TopKeys = ["title", "description", "target", "cluster", "steady-state-hypothesis", "method", "load", "rollbacks", "gates", "warmup"];
    private static readonly string[] ClusterKeys = ["nodes", "workers", "replicas", "users"];
    private static readonly string[] HypothesisKeys = ["title", "probes"];
    private static readonly string[] ProbeKeys = ["name", "type", "url", "method", "tolerance", "metric", "samples", "slo"];
    private static readonly string[] ToleranceKeys = ["status", "latency", "min", "max"];
    private static readonly string[] StepKeys = ["fault", "target", "at", "duration", "attributes"];
    private static readonly string[] LoadKeys = ["scenario", "duration"];
    private static readonly string[] RollbackKeys = ["name", "type", "url", "method", "path", "arguments", "timeout"];
    private static readonly string[] GateKeys = ["recovery", "availability", "slo"];

    private readonly YamlReading _yaml = new(source);

    public Experiment Read(YamlMappingNode root)
    {
        var values = _yaml.Keys(root, "", TopKeys, "{ title: ..., steady-state-hypothesis: ..., method: [...] }");
        var title = _yaml.Scalar(_yaml.Required(values, root, "", "title"), "title");
        var target = _yaml.OptionalScalar(values, "", "target") is { } url ? Url(values["target"], url, "target") : null;
        var cluster = values.TryGetValue("cluster", out var c) ? Cluster(c) : new ClusterShape();
        var hypothesis = Hypothesis(_yaml.Required(values, root, "", "steady-state-hypothesis"));
        var methodNode = _yaml.Sequence(_yaml.Required(values, root, "", "method"), "method", "'- { fault: kill, target: api-2, at: 10s, duration: 20s }'");
        var method = methodNode.Children.Select((node, i) => Step(node, $"method[{i}]")).ToList();
        var load = values.TryGetValue("load", out var l) ? Load(l) : null;
        var rollbacks = values.TryGetValue("rollbacks", out var r)
            ? _yaml.Sequence(r, "rollbacks", "'- { name: ..., type: process, path: ... }'").Children.Select((node, i) => Rollback(node, $"rollbacks[{i}]")).ToList()
            : [];
        var gates = values.TryGetValue("gates", out var g) ? Gates(g) : ExperimentGates.Default;
        var warmup = values.TryGetValue("warmup", out var w) ? _yaml.Duration(w, "warmup") : (TimeSpan?)null;
        return new Experiment(source, title, _yaml.OptionalScalar(values, "", "description"), target, cluster, hypothesis, method, load, rollbacks, gates) { Warmup = warmup };
    }

    private ClusterShape Cluster(YamlNode node)
    {
        var values = _yaml.Keys(node, "cluster", ClusterKeys, "{ nodes: 3, workers: 1, replicas: 1 }");
        // The bounds of `stadium up --cluster`, so a shape it would refuse is an error of the file, not a cluster that exits.
        int Count(string key, int min, int max, int fallback) =>
            values.TryGetValue(key, out var v) ? (int)_yaml.Number(v, $"cluster.{key}", min, max, $"a whole number from {min} to {max}", whole: true) : fallback;
        return new ClusterShape(
            Count("nodes", 1, ClusterOptions.MaxReplicas, 3),
            Count("workers", 0, ClusterOptions.MaxReplicas, 1),
            Count("replicas", 0, ClusterOptions.MaxDatabaseReplicas, 1),
            Count("users", 1, 1_000_000, 200));
    }

    private SteadyStateHypothesis Hypothesis(YamlNode node)
    {
        const string at = "steady-state-hypothesis";
        var values = _yaml.Keys(node, at, HypothesisKeys, "{ title: ..., probes: [...] }");
        var probes = _yaml.Sequence(_yaml.Required(values, node, at, "probes"), $"{at}.probes", "'- { name: feed, type: http, url: /v1/users/user1/posts }'");
        if (probes.Children.Count == 0)
        {
            throw _yaml.Error(probes, $"{at}.probes must list at least one probe");
        }

        return new SteadyStateHypothesis(
            _yaml.OptionalScalar(values, at, "title") ?? "steady state",
            [.. probes.Children.Select((p, i) => Probe(p, $"{at}.probes[{i}]"))]);
    }

    private Probe Probe(YamlNode node, string at)
    {
        var values = _yaml.Keys(node, at, ProbeKeys, "{ name: feed, type: http, url: /v1/users/user1/posts, tolerance: { status: 200 } }");
        var name = _yaml.Scalar(_yaml.Required(values, node, at, "name"), $"{at}.name");
        var type = _yaml.OneOf(_yaml.Required(values, node, at, "type"), $"{at}.type", Experiments.Probe.Types, "probe type");
        var url = _yaml.OptionalScalar(values, at, "url") ?? (type == Experiments.Probe.MetricType ? "/metrics" : throw _yaml.Error(node, $"{at}.url is missing"));
        var probe = new Probe(name, type, url, (int)node.Start.Line)
        {
            Method = _yaml.OptionalScalar(values, at, "method")?.ToUpperInvariant() ?? "GET",
            Metric = _yaml.OptionalScalar(values, at, "metric"),
            SloFile = _yaml.OptionalScalar(values, at, "slo"),
        };
        if (values.TryGetValue("samples", out var samples))
        {
            probe = probe with { Samples = (int)_yaml.Number(samples, $"{at}.samples", 1, 10_000, "a whole number from 1", whole: true) };
        }

        if (type == Experiments.Probe.MetricType && probe.Metric is null)
        {
            throw _yaml.Error(node, $"{at}.metric is missing: name the series to read, like stadium_gateway_destinations{{state=\"healthy\"}}");
        }

        if (values.TryGetValue("tolerance", out var toleranceNode))
        {
            var tolerance = _yaml.Keys(toleranceNode, $"{at}.tolerance", ToleranceKeys, "{ status: 200, latency: 500ms }");
            foreach (var (key, value) in tolerance)
            {
                var path = $"{at}.tolerance.{key}";
                probe = key switch
                {
                    "status" => probe with { Status = (int)_yaml.Number(value, path, 100, 599, "an HTTP status like 200", whole: true) },
                    "latency" => probe with { Latency = _yaml.Duration(value, path) },
                    "min" => probe with { Min = _yaml.Number(value, path, double.MinValue, double.MaxValue, "a number") },
                    _ => probe with { Max = _yaml.Number(value, path, double.MinValue, double.MaxValue, "a number") },
                };
            }
        }

        return probe;
    }

    private MethodStep Step(YamlNode node, string at)
    {
        var values = _yaml.Keys(node, at, StepKeys, "{ fault: kill, target: api-2, at: 10s, duration: 20s }");
        var fault = _yaml.OneOf(_yaml.Required(values, node, at, "fault"), $"{at}.fault", FaultCatalog.KindNames, "fault");
        var target = _yaml.Scalar(_yaml.Required(values, node, at, "target"), $"{at}.target");
        var offset = values.TryGetValue("at", out var a) ? _yaml.Duration(a, $"{at}.at") : TimeSpan.Zero;
        var duration = _yaml.Duration(_yaml.Required(values, node, at, "duration"), $"{at}.duration");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (values.TryGetValue("attributes", out var attributesNode))
        {
            var map = attributesNode as YamlMappingNode ?? throw _yaml.Error(attributesNode, $"{at}.attributes must be a mapping like {{ latency: 200 }}");
            foreach (var (key, value) in map.Children)
            {
                var name = _yaml.Scalar(key, $"{at}.attributes");
                attributes[name] = _yaml.Scalar(value, $"{at}.attributes.{name}");
            }
        }

        return new MethodStep(fault, target, offset, duration, attributes, (int)node.Start.Line);
    }

    private LoadSpec Load(YamlNode node)
    {
        var values = _yaml.Keys(node, "load", LoadKeys, "{ scenario: scenarios/chaos-mix.yaml, duration: 60s }");
        var scenario = _yaml.Scalar(_yaml.Required(values, node, "load", "scenario"), "load.scenario");
        return new LoadSpec(scenario, values.TryGetValue("duration", out var d) ? _yaml.Duration(d, "load.duration") : null);
    }

    private RollbackAction Rollback(YamlNode node, string at)
    {
        var values = _yaml.Keys(node, at, RollbackKeys, "{ name: ..., type: process, path: ..., arguments: [...] }");
        var name = _yaml.Scalar(_yaml.Required(values, node, at, "name"), $"{at}.name");
        var type = _yaml.OneOf(_yaml.Required(values, node, at, "type"), $"{at}.type", RollbackAction.Types, "rollback type");
        var action = new RollbackAction(name, type, (int)node.Start.Line)
        {
            Url = _yaml.OptionalScalar(values, at, "url"),
            Method = _yaml.OptionalScalar(values, at, "method")?.ToUpperInvariant() ?? "POST",
            Path = _yaml.OptionalScalar(values, at, "path"),
            Timeout = values.TryGetValue("timeout", out var t) ? _yaml.Duration(t, $"{at}.timeout") : TimeSpan.FromSeconds(30),
        };
        if (values.TryGetValue("arguments", out var arguments))
        {
            action = action with
            {
                Arguments = [.. _yaml.Sequence(arguments, $"{at}.arguments", "[--flag, value]").Children.Select((a, i) => _yaml.Scalar(a, $"{at}.arguments[{i}]"))],
            };
        }

        return (type, action) switch
        {
            (RollbackAction.Http, { Url: null }) => throw _yaml.Error(node, $"{at}.url is missing (an http rollback sends a request)"),
            (RollbackAction.Process, { Path: null }) => throw _yaml.Error(node, $"{at}.path is missing (a process rollback runs a program)"),
            _ => action,
        };
    }

    private ExperimentGates Gates(YamlNode node)
    {
        var values = _yaml.Keys(node, "gates", GateKeys, "{ recovery: 30s, availability: 0.999 }");
        return new ExperimentGates(
            values.TryGetValue("recovery", out var r) ? _yaml.Duration(r, "gates.recovery") : ExperimentGates.Default.Recovery,
            values.TryGetValue("availability", out var a) ? _yaml.Number(a, "gates.availability", 0, 1, "a share between 0 and 1 like 0.999") : null,
            _yaml.OptionalScalar(values, "gates", "slo"));
    }

    private Uri Url(YamlNode node, string text, string path) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw _yaml.Error(node, string.Create(CultureInfo.InvariantCulture, $"{path} must be an http:// URL (got '{text}')"));
}
