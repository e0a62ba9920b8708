using Stadium.Protection.Slo;

namespace Stadium.Gateway.Forwarding;

/// <summary>
/// The <c>route</c> of a request in the gateway's metrics: the node's route template from the SLO file
/// (/v1/users/{username}/posts), so the gateway's and the nodes' series line up; a path the file does not list is named
/// by its first two segments (/v1/unknown), which keeps ids out of the labels.
/// </summary>
internal sealed class RouteNames(SloObjectives objectives)
{
    public EndpointObjective? Objective(string method, string path) => objectives.Match(method, path);

    public TimeSpan DefaultDeadline => objectives.DefaultDeadline;

    public static string Prefix(string path)
    {
        var segments = path.Split('/', 4, StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments.Take(2));
    }
}
