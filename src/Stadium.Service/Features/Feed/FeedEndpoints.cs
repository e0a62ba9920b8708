using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Feed;

internal static class FeedEndpoints
{
    internal static async Task<Results<FeedPageResult, ValidationProblem>> Read(
        [AsParameters] PageQuery query, ClaimsPrincipal user, FeedReader feed, CancellationToken ct) =>
        new FeedPageResult(await feed.ReadAsync(user.UserId(), query.Request, ct));
}
