using System.Globalization;
using Stadium.Protection.Settings;
using Stadium.Protection.Slo;
using Stadium.Scaling.Drivers;
using Stadium.Scaling.Hpa;
using Stadium.Scaling.Signals;
using YamlDotNet.RepresentationModel;

namespace Stadium.Scaling.Config;

/// <summary>Walks one config file's YAML tree, checking keys and values as it goes (see <see cref="AutoscaleFileParser"/>).</summary>
internal sealed class AutoscaleFileReader(string source)
{
    private static readonly string[] TopKeys = ["interval", "window", "tolerance", "data", "slo", "targets"];
    private static readonly string[] MetricKeys = ["name", "target", "activationValue", "percentile", "jobType", "perCore", "mean", "busyCpu", "scaleOutOnly"];
    private static readonly string[] TargetValueKeys = ["type", "averageUtilization", "averageValue", "value"];
    private static readonly string[] Percentiles = ["p50", "p90", "p95", "p99", "p99.9"];

    public AutoscaleConfig Read(YamlMappingNode root)
    {
        var interval = TimeSpan.FromSeconds(15);
        var window = TimeSpan.FromSeconds(30);
        var tolerance = 0.1;
        var data = Path.Combine(".data", "cluster");
        string? slo = null;
        YamlSequenceNode? targets = null;
        foreach (var (key, value) in Keys(root, TopKeys, ""))
        {
            switch (key)
            {
                case "interval": interval = Duration(value, key); break;
                case "window": window = Duration(value, key); break;
                case "tolerance": tolerance = Number(value, key, 0, 1, "between 0 and 1 like 0.1"); break;
                case "data": data = Scalar(value, key); break;
                case "slo": slo = Scalar(value, key); break;
                default: targets = value as YamlSequenceNode ?? throw Error(value, "targets must be a list of targets like '- name: api'"); break;
            }
        }

        if (targets is null || targets.Children.Count == 0)
        {
            throw Error(root, "'targets:' is missing; list what to scale, e.g. '- { name: api, driver: local, maxReplicas: 4, metrics: [...] }'");
        }

        if (slo is not null)
        {
            SloFileParser.Load(slo);
        }

        var specs = targets.Children.Select((node, i) => Target(node, $"targets[{i}]")).ToList();
        if (specs.GroupBy(t => t.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw Error(targets, $"target '{twice.Key}' is listed twice");
        }

        return new AutoscaleConfig(source, interval, window, tolerance, data, slo, specs);
    }

    private TargetSpec Target(YamlNode node, string at)
    {
        var map = Mapping(node, at, "{ name: api, driver: local, maxReplicas: 4, metrics: [...] }");
        var keys = new[] { "name", "driver", "minReplicas", "maxReplicas", "metrics", "behavior", "cooldownPeriod" }
            .Concat(ScaleDrivers.All.Select(d => d.Name)).ToArray();
        var values = Keys(map, keys, at).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        var name = Scalar(Required(values, map, "name", at), $"{at}.name");
        var driverName = Scalar(Required(values, map, "driver", at), $"{at}.driver");
        var driver = ScaleDrivers.Find(driverName) ?? throw Error(values["driver"], $"{at}.driver: unknown driver '{driverName}'"
            + (ClosestName.To(driverName, ScaleDrivers.All.Select(d => d.Name)) is { } meant ? $"; did you mean '{meant}'?" : $"; the drivers are {string.Join(", ", ScaleDrivers.All.Select(d => d.Name))}"));
        var settings = DriverSettings(values.GetValueOrDefault(driver.Name), driver, $"{at}.{driver.Name}", map);

        var min = values.TryGetValue("minReplicas", out var minNode) ? (int)Number(minNode, $"{at}.minReplicas", 0, 1000, "a whole number from 0", whole: true) : 1;
        var max = (int)Number(Required(values, map, "maxReplicas", at), $"{at}.maxReplicas", 1, 1000, "a whole number from 1", whole: true);
        if (max < min)
        {
            throw Error(values["maxReplicas"], $"{at}.maxReplicas ({max}) must be at least minReplicas ({min})");
        }

        var metricsNode = Required(values, map, "metrics", at) as YamlSequenceNode;
        if (metricsNode is null || metricsNode.Children.Count == 0)
        {
            throw Error(values["metrics"], $"{at}.metrics must list at least one metric like '- name: cpu'");
        }

        var metrics = metricsNode.Children.Select((m, i) => Metric(m, $"{at}.metrics[{i}]")).ToList();
        var behavior = values.TryGetValue("behavior", out var behaviorNode) ? new BehaviorReader(this).Read(behaviorNode, $"{at}.behavior") : ScalingBehavior.Default;
        var cooldown = values.TryGetValue("cooldownPeriod", out var cooldownNode)
            ? TimeSpan.FromSeconds(Number(cooldownNode, $"{at}.cooldownPeriod", 0, 86_400, "a number of seconds like 300", whole: true))
            : TimeSpan.FromSeconds(300);
        return new TargetSpec(name, driver.Name, settings, min, max, metrics, behavior, cooldown);
    }

    private Dictionary<string, string> DriverSettings(YamlNode? node, IScaleDriver driver, string at, YamlNode target)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is not null)
        {
            foreach (var (key, value) in Keys(Mapping(node, at, "{ key: value }"), driver.Keys.ToArray(), at))
            {
                settings[key] = Scalar(value, $"{at}.{key}");
            }
        }

        if (driver.Required.FirstOrDefault(k => !settings.ContainsKey(k)) is { } missing)
        {
            throw Error(node ?? target, $"{at}.{missing} is missing; the {driver.Name} driver needs it");
        }

        return settings;
    }

    private MetricSpec Metric(YamlNode node, string at)
    {
        var map = Mapping(node, at, "{ name: cpu, target: { type: Utilization, averageUtilization: 70 } }");
        var values = Keys(map, MetricKeys, at).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        var name = Scalar(Required(values, map, "name", at), $"{at}.name");
        var signal = SignalCatalog.Find(name) ?? throw Error(values["name"], $"{at}.name: unknown signal '{name}'"
            + (ClosestName.To(name, SignalCatalog.All.Select(s => s.Name)) is { } meant ? $"; did you mean '{meant}'?" : $"; the signals are {string.Join(", ", SignalCatalog.All.Select(s => s.Name))}"));
        if (values.Keys.FirstOrDefault(k => k is "percentile" or "jobType" or "perCore" or "mean" or "busyCpu" && !signal.Options.Contains(k)) is { } stray)
        {
            throw Error(values[stray], $"{at}.{stray} does not apply to {name}");
        }

        var target = MetricTarget(Required(values, map, "target", at), signal, $"{at}.target");
        double? quantile = null;
        if (values.TryGetValue("percentile", out var p))
        {
            var text = Scalar(p, $"{at}.percentile");
            quantile = Percentiles.Contains(text, StringComparer.Ordinal)
                ? double.Parse(text[1..], CultureInfo.InvariantCulture) / 100
                : throw Error(p, $"{at}.percentile must be one of {string.Join(", ", Percentiles)} (got '{text}')");
        }

        var activation = values.TryGetValue("activationValue", out var a) ? Number(a, $"{at}.activationValue", 0, double.MaxValue, "a number from 0") : 0;
        var perCore = values.TryGetValue("perCore", out var c) && Flag(c, $"{at}.perCore");
        var mean = values.TryGetValue("mean", out var m) && Flag(m, $"{at}.mean");
        double? busyCpu = values.TryGetValue("busyCpu", out var b) ? Number(b, $"{at}.busyCpu", 0, 100, "a percentage of the node's CPU limit from 0 to 100") : null;
        var scaleOutOnly = values.TryGetValue("scaleOutOnly", out var o) && Flag(o, $"{at}.scaleOutOnly");
        return new MetricSpec(name, target, quantile, values.TryGetValue("jobType", out var t) ? Scalar(t, $"{at}.jobType") : null, activation, perCore, mean, busyCpu, scaleOutOnly);
    }

    private MetricTarget MetricTarget(YamlNode node, ISignal signal, string at)
    {
        var values = Keys(Mapping(node, at, "{ type: Utilization, averageUtilization: 70 }"), TargetValueKeys, at).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        var type = signal.TargetType.ToString();
        var valueKey = signal.TargetType switch
        {
            MetricTargetType.Utilization => "averageUtilization",
            MetricTargetType.AverageValue => "averageValue",
            _ => "value",
        };
        if (values.TryGetValue("type", out var typeNode) && Scalar(typeNode, $"{at}.type") != type)
        {
            throw Error(typeNode, $"{at}.type: {signal.Name} is measured as {type} ({signal.Unit}), not '{Scalar(typeNode, $"{at}.type")}'");
        }

        if (values.Keys.FirstOrDefault(k => k != "type" && k != valueKey) is { } other)
        {
            throw Error(values[other], $"{at}.{other} does not go with type {type}; give {valueKey} ({signal.Unit})");
        }

        var value = values.GetValueOrDefault(valueKey) ?? throw Error(node, $"{at}.{valueKey} is missing ({signal.Unit})");
        return new MetricTarget(signal.TargetType, Number(value, $"{at}.{valueKey}", double.Epsilon, double.MaxValue, "a number above 0"));
    }

    internal YamlNode Required(Dictionary<string, YamlNode> values, YamlNode at, string key, string path) =>
        values.GetValueOrDefault(key) ?? throw Error(at, $"{(path.Length == 0 ? "" : path + ".")}{key} is missing");

    /// <summary>The mapping's keys, each one of <paramref name="known"/> (else the error names the nearest), with their values.</summary>
    internal IEnumerable<(string Key, YamlNode Value)> Keys(YamlMappingNode node, string[] known, string path)
    {
        foreach (var (keyNode, value) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            var full = path.Length == 0 ? key : $"{path}.{key}";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, ClosestName.To(key, known) is { } meant
                    ? $"unknown key '{full}'; did you mean '{meant}'?"
                    : $"unknown key '{full}'; the keys here are {string.Join(", ", known)}");
            }

            yield return (key, value);
        }
    }

    internal double Number(YamlNode value, string name, double min, double max, string expected, bool whole = false)
    {
        var text = Scalar(value, name);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            && (!whole || number == Math.Floor(number))
            ? number
            : throw Error(value, $"{name} must be {expected} (got '{text}')");
    }

    private bool Flag(YamlNode value, string name) => Scalar(value, name) switch
    {
        "true" => true,
        "false" => false,
        var text => throw Error(value, $"{name} must be true or false (got '{text}')"),
    };

    internal string Scalar(YamlNode value, string name) =>
        value is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw Error(value, $"{name} must be a single value");

    internal YamlMappingNode Mapping(YamlNode value, string name, string example) =>
        value as YamlMappingNode ?? throw Error(value, $"{name} must be a mapping like {example}");

    internal FormatException Error(YamlNode at, string message) => new($"{source}:{at.Start.Line}: {message}");

    private TimeSpan Duration(YamlNode value, string name)
    {
        var text = Scalar(value, name);
        return SloValues.Duration(text) ?? throw Error(value, $"{name} must be a duration like 15s (got '{text}')");
    }
}
