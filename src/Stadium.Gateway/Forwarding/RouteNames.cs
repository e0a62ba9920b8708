using Stadium.Protection.Slo;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// The <c>route</c> of a request in the gateway's metrics: the node's route template from the SLO file
/// (/v1/users/{username}/posts), so the gateway's and the nodes' series line up. A path the file does not list is named
/// by its first two segments (/v1/users), which keeps ids out of the labels, but only when the file lists a route with
/// those segments: the path is the client's to choose, and a label per made-up path (/v1/zz12345) would let any client
/// grow /metrics, the dashboard and the autoscaler's worst-route signal without end. Every other path is
/// <see cref="Other"/>.
/// </summary>
internal sealed class RouteNames(SloObjectives objectives)
{
    /// <summary>The route of a path under no prefix the SLO file knows.</summary>
    public const string Other = "(other)";

    private readonly HashSet<string> _prefixes = [.. objectives.Endpoints.Select(e => Prefix(e.Route)), "/health/ready", "/health/live"];

    public EndpointObjective? Objective(string method, string path) => objectives.Match(method, path);

    public TimeSpan DefaultDeadline => objectives.DefaultDeadline;

    /// <summary>The label for a request: its objective's route, else its known prefix, else <see cref="Other"/>.</summary>
    public string Name(EndpointObjective? objective, string path) =>
        objective?.Route ?? (Prefix(path) is var prefix && _prefixes.Contains(prefix) ? prefix : Other);

    public static string Prefix(string path)
    {
        var segments = path.Split('/', 4, StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments.Take(2));
    }
}
