namespace Stadium.Protection.Slo;

/// <summary>
/// One SLO file, read and checked (<see cref="SloFileParser"/>): the objectives per endpoint, the deadline of requests
/// to routes it does not list, and the staleness budget of each cached read.
/// </summary>
public sealed class SloObjectives
{
    private readonly Dictionary<string, EndpointObjective> _byName;
    private readonly (EndpointObjective Objective, string?[] Slots)[] _templates;

    public SloObjectives(string source, IReadOnlyList<EndpointObjective> endpoints, TimeSpan defaultDeadline, IReadOnlyDictionary<string, TimeSpan> staleness)
    {
        Source = source;
        Endpoints = endpoints;
        DefaultDeadline = defaultDeadline;
        Staleness = staleness;
        _byName = endpoints.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);
        _templates = [.. endpoints.Select(e => (e, RouteTemplateMatch.Slots(e.Route)))];
        Tightest = endpoints.Count > 0 ? endpoints.Min(e => e.Latency) : TimeSpan.Zero;
    }

    /// <summary>The file's path, or "slo.yaml (built in)".</summary>
    public string Source { get; }

    public IReadOnlyList<EndpointObjective> Endpoints { get; }

    /// <summary>The time budget of a request to a route the file does not list (health checks, metrics, unknown paths).</summary>
    public TimeSpan DefaultDeadline { get; }

    /// <summary>How long a cached read may serve its last good value while its dependency is down, by kind (posts, profiles...).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Staleness { get; }

    /// <summary>The objective of the endpoint mapped as <paramref name="method"/> <paramref name="route"/>, or null.</summary>
    public EndpointObjective? Find(string method, string route) => _byName.GetValueOrDefault($"{method} {route}");

    /// <summary>
    /// The objective whose route template matches a request path (/v1/users/alice/posts matches /v1/users/{username}/posts),
    /// preferring literal segments over parameters (/v1/posts/{id} never takes /v1/posts); null when none does.
    /// </summary>
    public EndpointObjective? Match(string method, string path)
    {
        EndpointObjective? best = null;
        var bestLiterals = -1;
        foreach (var (objective, slots) in _templates)
        {
            if (!objective.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var literals = RouteTemplateMatch.Literals(slots, path);
            if (literals > bestLiterals)
            {
                (best, bestLiterals) = (objective, literals);
            }
        }

        return best;
    }

    /// <summary>The tightest latency objective in the file (zero when it lists no endpoint): the feed's 50 ms in slo.yaml.</summary>
    public TimeSpan Tightest { get; }
}
