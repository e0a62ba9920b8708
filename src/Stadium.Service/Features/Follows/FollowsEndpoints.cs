using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Follows;

public sealed record UserSummaryResponse(long Id, string Username, string DisplayName);

public static class FollowsEndpoints
{
    public static IEndpointRouteBuilder MapFollows(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/users/{username}").WithTags("Follows");
        group.MapPut("/follow", Follow).RequireAuthorization();
        group.MapDelete("/follow", Unfollow).RequireAuthorization();
        group.MapGet("/followers", (string username, string? cursor, string? limit, IFollowStore follows, ProfileCache profiles, IOptions<StadiumOptions> options, CancellationToken ct) =>
            List(username, cursor, limit, follows.GetFollowersAsync, profiles, options, ct));
        group.MapGet("/following", (string username, string? cursor, string? limit, IFollowStore follows, ProfileCache profiles, IOptions<StadiumOptions> options, CancellationToken ct) =>
            List(username, cursor, limit, follows.GetFollowingAsync, profiles, options, ct));
        return app;
    }

    internal static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Follow(
        string username, ClaimsPrincipal user, IFollowStore follows, ProfileCache profiles, TimelineWriter timelines, TimeProvider time, CancellationToken ct) =>
        Change(username, user, profiles, timelines, increases: true, (me, target) => follows.FollowAsync(me, target, time.GetUtcNow(), ct), ct);

    internal static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unfollow(
        string username, ClaimsPrincipal user, IFollowStore follows, ProfileCache profiles, TimelineWriter timelines, CancellationToken ct) =>
        Change(username, user, profiles, timelines, increases: false, (me, target) => follows.UnfollowAsync(me, target, ct), ct);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Change(
        string username, ClaimsPrincipal user, ProfileCache profiles, TimelineWriter timelines, bool increases,
        Func<long, long, Task<FollowChange>> change, CancellationToken ct)
    {
        var target = await profiles.FindAsync(username, ct);
        if (target is null)
        {
            return UsersEndpoints.UserNotFound(username);
        }

        var me = user.UserId();
        if (target.Id == me)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["username"] = ["You cannot follow yourself."] });
        }

        var result = await change(me, target.Id);
        if (result.Changed)
        {
            await timelines.FollowerCountChangedAsync(target.Id, result.FolloweeFollowers, increases, AfterCommit.Token);
            // Both rows as the write left them: written through, never refilled from a lagging replica.
            await profiles.StoreAsync(result.Followee!, AfterCommit.Token);
            await profiles.StoreAsync(result.Follower!, AfterCommit.Token);
            await timelines.GraphChangedAsync(me, AfterCommit.Token);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<CacheableJson<Page<UserSummaryResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string username, string? cursor, string? limit, Func<long, long?, int, CancellationToken, Task<IReadOnlyList<UserSummary>>> query,
        ProfileCache profiles, IOptions<StadiumOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(cursor, limit, options.Value.Limits, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var owner = await profiles.FindAsync(username, ct);
        if (owner is null)
        {
            return UsersEndpoints.UserNotFound(username);
        }

        var rows = await query(owner.Id, page.Before, page.Limit + 1, ct);
        var items = page.ToPage(rows, u => new UserSummaryResponse(u.Id, u.Username, u.DisplayName), u => u.Id);
        return new CacheableJson<Page<UserSummaryResponse>>(items, TimeSpan.FromSeconds(5));
    }
}
