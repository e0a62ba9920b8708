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
        var user = v1.MapGroup("/users/{username}").WithTag("Follows", "Who follows whom: follow and unfollow, and the public lists of followers and followed accounts.");
        user.MapPut("/follow", FollowsEndpoints.Follow).ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("Follow", "Follow a user",
                "I follow the user; their new posts reach my feed from now on. Following someone I already follow changes nothing (204 both times). "
                + "404 for an unknown user, 400 for myself.");
        user.MapDelete("/follow", FollowsEndpoints.Unfollow).ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("Unfollow", "Unfollow a user",
                "I stop following the user. Unfollowing someone I do not follow changes nothing (204 both times). 404 for an unknown user.");
        user.MapGet("/followers", FollowsEndpoints.Followers).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("ListFollowers", "List a user's followers",
                "The accounts following the user, newest account first; public. 404 for an unknown user." + PageQuery.Paging);
        user.MapGet("/following", FollowsEndpoints.Following).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("ListFollowing", "List whom a user follows",
                "The accounts the user follows, newest account first; public. 404 for an unknown user." + PageQuery.Paging);
        return v1;
    }
}
