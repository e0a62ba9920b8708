using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Features.Auth;
using Stadium.Service.Features.Feed;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

public static class PostsEndpoints
{
    public const int MaxTextLength = 4_000;

    public static IEndpointRouteBuilder MapPosts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Posts");
        group.MapPost("/posts", Create).RequireAuthorization();
        group.MapGet("/posts/{id}", Get);
        group.MapDelete("/posts/{id}", Delete).RequireAuthorization();
        group.MapGet("/users/{username}/posts", ListByUser);
        return app;
    }

    internal static async Task<Results<Created<PostResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreatePostRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ClaimsPrincipal user,
        HttpResponse response,
        IPostStore posts,
        PostCache postCache,
        ProfileCache profiles,
        TimelineWriter timelines,
        TimeProvider time,
        CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.CheckText("text", request.Text, 1, MaxTextLength);
        if (idempotencyKey is not null && (idempotencyKey.Length is < 1 or > 128 || idempotencyKey.Any(c => c is < '!' or > '~')))
        {
            errors.Add("Idempotency-Key", "Must be 1 to 128 visible ASCII characters.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var key = idempotencyKey is null ? null : new IdempotencyKey(idempotencyKey, Fingerprint(request.Text!));
        var result = await posts.CreatePostAsync(user.UserId(), request.Text!, time.GetUtcNow(), key, ct);
        switch (result.Outcome)
        {
            case PostCreateOutcome.KeyReusedWithDifferentRequest:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                    detail: "This Idempotency-Key was already used with a different request body.");
            case PostCreateOutcome.Replayed when result.Post is null:
                // The key's post was created and then deleted: replaying it must not resurrect it or make another.
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key already used",
                    detail: "The post this Idempotency-Key created has since been deleted.");
            case PostCreateOutcome.Replayed:
                response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Created($"/v1/posts/{result.Post!.Id}", PostResponse.From(result.Post));
        }

        var post = result.Post!;
        await postCache.StoreAsync(post.Id, post, AfterCommit.Token);

        // The author's row as the write left it (read in the write's transaction) goes to the cache, so
        // no reader refills the profile from a replica that has not caught up; its follower count decides fan-out.
        if (result.Author is { } author)
        {
            await profiles.StoreAsync(author, AfterCommit.Token);
        }

        await timelines.PublishAsync(post, result.Author?.Followers ?? 0, AfterCommit.Token);
        return TypedResults.Created($"/v1/posts/{post.Id}", PostResponse.From(post));
    }

    internal static async Task<Results<CacheableJson<PostResponse>, ProblemHttpResult>> Get(string id, PostCache postCache, CancellationToken ct)
    {
        var post = TryParseId(id) is { } postId ? await postCache.GetAsync(postId, ct) : null;
        return post is null ? PostNotFound() : new CacheableJson<PostResponse>(PostResponse.From(post), TimeSpan.FromSeconds(60));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, ClaimsPrincipal user, IPostStore posts, PostCache postCache, ProfileCache profiles, CancellationToken ct)
    {
        if (TryParseId(id) is not { } postId)
        {
            return PostNotFound();
        }

        switch (await posts.DeletePostAsync(postId, user.UserId(), ct))
        {
            case DeleteOutcome.NotFound:
                return PostNotFound();
            case DeleteOutcome.Forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your post", detail: "Only the author can delete a post.");
        }

        await postCache.StoreAsync(postId, null, AfterCommit.Token);
        await profiles.InvalidateAsync(user.Username(), AfterCommit.Token);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<CacheableJson<Page<PostResponse>>, ValidationProblem, ProblemHttpResult>> ListByUser(
        string username, string? cursor, string? limit, IPostStore posts, ProfileCache profiles, IOptions<StadiumOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var page = PageRequest.Parse(cursor, limit, options.Value.Limits, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var author = await profiles.FindAsync(username, ct);
        if (author is null)
        {
            return UsersEndpoints.UserNotFound(username);
        }

        var rows = await posts.GetUserPostsAsync(author.Id, page.Before, page.Limit + 1, ct);
        return new CacheableJson<Page<PostResponse>>(page.ToPage(rows, PostResponse.From, p => p.Id), TimeSpan.FromSeconds(5));
    }

    internal static long? TryParseId(string id) =>
        long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;

    private static ProblemHttpResult PostNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Post not found", detail: "No post with that id.");

    private static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
