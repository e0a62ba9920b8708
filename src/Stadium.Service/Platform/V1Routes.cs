using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Stadium.Service.Platform;

/// <summary>
/// The /v1 route group every feature maps onto. It declares once what holds for all of them: a login is
/// required unless an endpoint opts out with AllowAnonymous (public reads, the auth endpoints), and request
/// values are checked by <see cref="ValidationFilter"/> before a handler runs. Routes with an <c>{id}</c> are
/// mapped with <see cref="MapById"/>: the id is a positive whole number, bound as a long.
/// </summary>
public static class V1Routes
{
    public static RouteGroupBuilder MapV1(this IEndpointRouteBuilder app) =>
        app.MapGroup("/v1").RequireAuthorization().AddEndpointFilterFactory(ValidationFilter.Create);

    /// <summary>
    /// <paramref name="handler"/> for paths like <paramref name="pattern"/> whose <c>{id}</c> is a positive whole number
    /// (<see cref="PositiveIdConstraint"/>). Any other id names nothing: it gets <paramref name="notFound"/>, the answer an
    /// unknown id gets, after the same login check (<paramref name="configure"/> applies to both endpoints).
    /// Returns the endpoint the OpenAPI document describes, to name and describe it (an endpoint name is unique, so
    /// it goes on that one only).
    /// </summary>
    public static RouteHandlerBuilder MapById(
        this RouteGroupBuilder group, string method, string pattern, Delegate handler, Func<IResult> notFound, Action<RouteHandlerBuilder>? configure = null)
    {
        var ids = RoutePatternFactory.Parse(pattern, defaults: null, parameterPolicies: new RouteValueDictionary { ["id"] = PositiveIdConstraint.Instance });
        var endpoint = group.Map(ids, handler).WithMetadata(new HttpMethodMetadata([method]));
        var unknown = group.MapMethods(pattern, [method], notFound).ExcludeFromDescription();
        configure?.Invoke(endpoint);
        configure?.Invoke(unknown);
        return endpoint;
    }
}
