using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Stadium.Data;
using Stadium.Service.Features.Users;
using Stadium.Service.Platform;
using Stadium.Service.Platform.Retention;

namespace Stadium.Service.Features.Posts;

internal static class PostsEndpoints
{
    internal static async Task<Results<Created<PostResponse>, ValidationProblem, ProblemHttpResult>> Create(
        [AsParameters] CreatePostInput input, ClaimsPrincipal user, HttpResponse response, IPostStore posts, PostPublisher publisher, TimeProvider time,
        IOptions<RetentionOptions> retention, CancellationToken ct)
    {
        var text = input.Request.Text!;
        var key = input.IdempotencyKey is null ? null : new IdempotencyKey(input.IdempotencyKey, Fingerprint(text), retention.Value.IdempotencyKeys);
        var result = await posts.CreatePostAsync(user.UserId(), text, time.GetUtcNow(), key, ct);
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
        await publisher.CreatedAsync(post, result.Author);
        return TypedResults.Created($"/v1/posts/{post.Id}", PostResponse.From(post));
    }

    internal static async Task<Results<CacheableJson<PostResponse>, ProblemHttpResult>> Get(long id, IPostCache postCache, CancellationToken ct)
    {
        var post = await postCache.GetAsync(id, ct);
        return post is null ? PostNotFound() : new CacheableJson<PostResponse>(PostResponse.From(post), TimeSpan.FromSeconds(60));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(long id, ClaimsPrincipal user, IPostStore posts, PostPublisher publisher, CancellationToken ct)
    {
        switch (await posts.DeletePostAsync(id, user.UserId(), ct))
        {
            case DeleteOutcome.NotFound:
                return PostNotFound();
            case DeleteOutcome.Forbidden:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not your post", detail: "Only the author can delete a post.");
        }

        await publisher.DeletedAsync(id, user.Username());
        return TypedResults.NoContent();
    }

    internal static async Task<Results<CacheableJson<Page<PostResponse>>, ValidationProblem, ProblemHttpResult>> ListByUser(
        string username, [AsParameters] PageQuery query, IPostStore posts, IProfileCache profiles, CancellationToken ct)
    {
        var author = await profiles.FindAsync(username, ct);
        if (author is null)
        {
            return UserProblems.NotFound(username);
        }

        var page = query.Request;
        var rows = await posts.GetUserPostsAsync(author.Id, page.Before, page.Limit + 1, ct);
        return new CacheableJson<Page<PostResponse>>(page.ToPage(rows, PostResponse.From, p => p.Id), TimeSpan.FromSeconds(5));
    }

    internal static ProblemHttpResult PostNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Post not found", detail: "No post with that id.");

    private static string Fingerprint(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
