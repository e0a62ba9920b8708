using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Stadium.Service.Platform;

/// <summary>
/// A route value that is an id: a whole number of at least 1 (the <c>{id:long:min(1)}</c> rule). Attached as a
/// parameter policy rather than written inline, so the route template (the metrics' http.route) stays "/v1/posts/{id}".
/// </summary>
internal sealed class PositiveIdConstraint : IRouteConstraint
{
    public static readonly PositiveIdConstraint Instance = new();

    /// <remarks>
    /// Written one way only: digits, no sign, space or leading zero. "/v1/posts/01" or "/v1/posts/+1" would otherwise
    /// name post 1 under another URL, which a cache in front (the edge keys on the URL) stores and misses apart: a way
    /// to send every read past it.
    /// </remarks>
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && Convert.ToString(value, CultureInfo.InvariantCulture) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && id >= 1
        && text[0] != '0';
}
