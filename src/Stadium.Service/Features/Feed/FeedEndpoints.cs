using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Posts;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Feed;

public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/feed", Read).WithTags("Feed").RequireAuthorization();
        return app;
    }

    internal static async Task<Results<FeedPageResult, ValidationProblem>> Read(
        string? cursor, string? limit, ClaimsPrincipal user, FeedReader feed, IOptions<StadiumOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(cursor, limit, options.Value.Limits, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return new FeedPageResult(await feed.ReadAsync(user.UserId(), page, ct));
    }
}
