using System.Globalization;
using Stadium.Protection.Settings;
using YamlDotNet.RepresentationModel;

namespace Stadium.Protection.Slo;

/// <summary>Walks one SLO file's YAML tree, checking keys and values as it goes (see <see cref="SloFileParser"/>).</summary>
internal sealed class SloFileReader(string source)
{
    private static readonly string[] TopKeys = ["defaults", "endpoints", "staleness"];
    private static readonly string[] ObjectiveKeys = ["latency", "availability", "window", "deadline"];
    private static readonly string[] Percentiles = ["p50", "p90", "p95", "p99", "p99.9"];
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The cached reads the API has (Platform/CacheRegistration and the features' caches), each with a staleness budget.</summary>
    private static readonly string[] CachedReads = ["posts", "profiles", "timelines", "celebrities"];

    public SloObjectives Read(YamlMappingNode root)
    {
        var defaults = ObjectiveParts.None;
        YamlMappingNode? endpoints = null;
        var staleness = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var (key, value) in Keys(root, TopKeys))
        {
            switch (key)
            {
                case "defaults":
                    defaults = Objective(Mapping(value, "defaults", "{ availability: 99.9%, window: 28d }"));
                    break;
                case "endpoints":
                    endpoints = Mapping(value, "endpoints", "'GET /v1/feed: { latency: { p99: 50ms } }'");
                    break;
                default:
                    foreach (var (kind, budget) in Keys(Mapping(value, "staleness", "{ posts: 1h }"), CachedReads))
                    {
                        staleness[kind] = Duration(budget, $"staleness: {kind}");
                    }

                    break;
            }
        }

        if (endpoints is null)
        {
            throw Error(root, "'endpoints:' is missing; an SLO file lists its endpoints, e.g. 'GET /v1/feed: { latency: { p99: 50ms } }'");
        }

        var objectives = new List<EndpointObjective>();
        var seen = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, value) in endpoints.Children)
        {
            var (method, route) = Endpoint(keyNode);
            var name = $"{method} {route}";
            if (seen.TryGetValue(name, out var first))
            {
                throw Error(keyNode, $"'{name}' is listed twice (first at line {first})");
            }

            seen[name] = keyNode.Start.Line;
            objectives.Add(Complete(keyNode, method, route, Objective(Mapping(value, name, "{ latency: { p99: 50ms } }")).Over(defaults)));
        }

        var unlisted = defaults.Deadline ?? (defaults.Latency is { } latency ? SloDeadlines.From(latency) : SloDeadlines.Unlisted);
        return new SloObjectives(source, objectives, unlisted, staleness);
    }

    private EndpointObjective Complete(YamlNode at, string method, string route, ObjectiveParts parts)
    {
        var name = $"{method} {route}";
        var latency = parts.Latency ?? throw Error(at, $"{name}: latency is missing; give one like 'latency: {{ p99: 50ms }}' here or under defaults");
        var availability = parts.Availability ?? throw Error(at, $"{name}: availability is missing; give one like 'availability: 99.9%' here or under defaults");
        var window = parts.Window ?? throw Error(at, $"{name}: window is missing; give one like 'window: 28d' here or under defaults");
        var deadline = parts.Deadline ?? SloDeadlines.From(latency);
        if (deadline <= latency)
        {
            throw Error(at, $"{name}: deadline ({SloValues.Show(deadline)}) must be longer than the latency objective ({SloValues.Show(latency)})");
        }

        return new EndpointObjective(method, route, parts.Percentile!.Value, latency, availability, window, deadline, (int)at.Start.Line);
    }

    private ObjectiveParts Objective(YamlMappingNode node)
    {
        var parts = ObjectiveParts.None;
        foreach (var (key, value) in Keys(node, ObjectiveKeys))
        {
            parts = key switch
            {
                "latency" => Latency(value, parts),
                "availability" => parts with
                {
                    Availability = SloValues.Percentage(Scalar(value, "availability")) ?? throw Error(value,
                        $"availability must be a percentage above 0 and below 100 like 99.9% (got '{Scalar(value, key)}')"),
                },
                "window" => parts with { Window = Duration(value, "window") },
                _ => parts with { Deadline = Duration(value, "deadline") },
            };
        }

        return parts;
    }

    private ObjectiveParts Latency(YamlNode value, ObjectiveParts parts)
    {
        var latency = Mapping(value, "latency", "{ p99: 50ms }");
        if (latency.Children.Count != 1)
        {
            throw Error(value, "latency must give one percentile and its objective, like { p99: 50ms }");
        }

        var (percentile, objective) = Keys(latency, Percentiles).Single();
        return parts with
        {
            Percentile = double.Parse(percentile[1..], CultureInfo.InvariantCulture),
            Latency = Duration(objective, $"latency: {percentile}"),
        };
    }

    private (string Method, string Route) Endpoint(YamlNode keyNode)
    {
        var text = (keyNode as YamlScalarNode)?.Value ?? "";
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var method = space > 0 ? text[..space].ToUpperInvariant() : "";
        var route = space > 0 ? text[(space + 1)..].Trim() : "";
        if (!Methods.Contains(method, StringComparer.Ordinal))
        {
            var meant = ClosestName.To(method, Methods);
            throw Error(keyNode, $"endpoint '{text}' must start with a method ({string.Join(", ", Methods)})"
                + (meant is null ? "" : $"; did you mean '{meant}'?"));
        }

        return route.StartsWith('/') && !route.Contains(' ', StringComparison.Ordinal)
            ? (method, route)
            : throw Error(keyNode, $"endpoint '{text}' must be a method and a route template like 'GET /v1/users/{{username}}'");
    }

    /// <summary>The mapping's keys, each one of <paramref name="known"/> (else the error names the nearest), with their values.</summary>
    private IEnumerable<(string Key, YamlNode Value)> Keys(YamlMappingNode node, string[] known)
    {
        foreach (var (keyNode, value) in node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                throw Error(keyNode, ClosestName.To(key, known) is { } meant
                    ? $"unknown key '{key}'; did you mean '{meant}'?"
                    : $"unknown key '{key}'; the keys here are {string.Join(", ", known)}");
            }

            yield return (key, value);
        }
    }

    private TimeSpan Duration(YamlNode value, string name)
    {
        var text = Scalar(value, name);
        return SloValues.Duration(text) ?? throw Error(value, $"{name} must be a duration like 50ms (got '{text}')");
    }

    private string Scalar(YamlNode value, string name) =>
        value is YamlScalarNode { Value: { Length: > 0 } text } ? text : throw Error(value, $"{name} must be a single value");

    private YamlMappingNode Mapping(YamlNode value, string name, string example) =>
        value as YamlMappingNode ?? throw Error(value, $"{name} must be a mapping like {example}");

    private FormatException Error(YamlNode at, string message) => new($"{source}:{at.Start.Line}: {message}");
}
