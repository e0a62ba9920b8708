using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Data;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Follows;

internal static class FollowsEndpoints
{
    internal static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Follow(
        string username, ClaimsPrincipal user, IFollowStore follows, IProfileCache profiles, IFanOut fanOut, TimeProvider time, CancellationToken ct) =>
        Change(username, user, profiles, fanOut, increases: true, (me, target) => follows.FollowAsync(me, target, time.GetUtcNow(), ct), ct);

    internal static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Unfollow(
        string username, ClaimsPrincipal user, IFollowStore follows, IProfileCache profiles, IFanOut fanOut, CancellationToken ct) =>
        Change(username, user, profiles, fanOut, increases: false, (me, target) => follows.UnfollowAsync(me, target, ct), ct);

    internal static Task<Results<CacheableJson<Page<UserSummaryResponse>>, ValidationProblem, ProblemHttpResult>> Followers(
        string username, [AsParameters] PageQuery query, IFollowStore follows, IProfileCache profiles, CancellationToken ct) =>
        List(username, query.Request, follows.GetFollowersAsync, profiles, ct);

    internal static Task<Results<CacheableJson<Page<UserSummaryResponse>>, ValidationProblem, ProblemHttpResult>> Following(
        string username, [AsParameters] PageQuery query, IFollowStore follows, IProfileCache profiles, CancellationToken ct) =>
        List(username, query.Request, follows.GetFollowingAsync, profiles, ct);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Change(
        string username, ClaimsPrincipal user, IProfileCache profiles, IFanOut fanOut, bool increases,
        Func<long, long, Task<FollowChange>> change, CancellationToken ct)
    {
        var target = await profiles.FindAsync(username, ct);
        if (target is null)
        {
            return UserProblems.NotFound(username);
        }

        var me = user.UserId();
        if (target.Id == me)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["username"] = ["You cannot follow yourself."] });
        }

        var result = await change(me, target.Id);
        if (result.Changed)
        {
            await fanOut.FollowerCountChangedAsync(target.Id, result.FolloweeFollowers, increases, AfterCommit.Token);
            // Both rows as the write left them: written through, never refilled from a lagging replica.
            await profiles.StoreAsync(result.Followee!, AfterCommit.Token);
            await profiles.StoreAsync(result.Follower!, AfterCommit.Token);
            await fanOut.GraphChangedAsync(me, AfterCommit.Token);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<CacheableJson<Page<UserSummaryResponse>>, ValidationProblem, ProblemHttpResult>> List(
        string username, PageRequest page, Func<long, long?, int, CancellationToken, Task<IReadOnlyList<UserSummary>>> query,
        IProfileCache profiles, CancellationToken ct)
    {
        var owner = await profiles.FindAsync(username, ct);
        if (owner is null)
        {
            return UserProblems.NotFound(username);
        }

        var rows = await query(owner.Id, page.Before, page.Limit + 1, ct);
        var items = page.ToPage(rows, u => new UserSummaryResponse(u.Id, u.Username, u.DisplayName), u => u.Id);
        return new CacheableJson<Page<UserSummaryResponse>>(items, TimeSpan.FromSeconds(5));
    }
}
