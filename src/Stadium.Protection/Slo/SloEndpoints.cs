using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stadium.Protection.Slo;

/// <summary>
/// The objective of the endpoint a request was routed to, found by the endpoint's method and route template
/// (GET /v1/users/{username}) and remembered per endpoint, so a request costs one dictionary lookup. A request
/// that matched no endpoint, or one the SLO file does not list, has none. Behind a catch-all route (the gateway forwards
/// every path through a few of them) <see cref="ForPath"/> matches the request's path against the file's templates.
/// </summary>
internal sealed class SloEndpoints(SloObjectives objectives)
{
    private readonly ConcurrentDictionary<Endpoint, EndpointObjective?> _byEndpoint = new();
    private readonly ConcurrentDictionary<Endpoint, bool> _catchAll = new();

    public SloObjectives Objectives => objectives;

    public EndpointObjective? For(HttpContext context) =>
        context.GetEndpoint() is { } endpoint ? _byEndpoint.GetOrAdd(endpoint, Find, objectives) : null;

    /// <summary>
    /// The objective of the endpoint a request was routed to, or, when that endpoint is a catch-all
    /// ({**path}) or there is none, of the SLO route its path fits; null when neither is listed.
    /// </summary>
    public EndpointObjective? ForPath(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is not null && !_catchAll.GetOrAdd(endpoint, IsCatchAll))
        {
            return _byEndpoint.GetOrAdd(endpoint, Find, objectives);
        }

        return objectives.Match(context.Request.Method, context.Request.Path.Value ?? "/");
    }

    private static bool IsCatchAll(Endpoint endpoint) =>
        endpoint is RouteEndpoint { RoutePattern.Parameters: var parameters } && parameters.Any(p => p.IsCatchAll);

    private static EndpointObjective? Find(Endpoint endpoint, SloObjectives objectives)
    {
        if (endpoint is not RouteEndpoint { RoutePattern.RawText: { } route })
        {
            return null;
        }

        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        return methods.Select(method => objectives.Find(method, Normalize(route))).FirstOrDefault(o => o is not null);
    }

    /// <summary>A group's prefix and the route join with a slash; an empty group ("") can leave "/v1/" + "/posts" as "/v1//posts".</summary>
    private static string Normalize(string route) => "/" + string.Join('/', route.Split('/', StringSplitOptions.RemoveEmptyEntries));
}
