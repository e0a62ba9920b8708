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

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
        && id >= 1;
}
