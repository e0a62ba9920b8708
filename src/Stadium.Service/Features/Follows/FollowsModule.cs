using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Follows;

/// <summary>Follow and unfollow (login required); followers and following lists (public).</summary>
public static class FollowsModule
{
    /// <summary>Only the list contracts: the graph is in the store, and a follow's effects go through Users and Feed.</summary>
    public static WebApplicationBuilder AddFollows(this WebApplicationBuilder builder)
    {
        builder.Services.AddJsonContracts(FollowsJsonContext.Default);
        return builder;
    }

    public static RouteGroupBuilder MapFollows(this RouteGroupBuilder v1)
    {
        var user = v1.MapGroup("/users/{username}").WithTags("Follows");
        user.MapPut("/follow", FollowsEndpoints.Follow);
        user.MapDelete("/follow", FollowsEndpoints.Unfollow);
        user.MapGet("/followers", FollowsEndpoints.Followers).AllowAnonymous();
        user.MapGet("/following", FollowsEndpoints.Following).AllowAnonymous();
        return v1;
    }
}
