using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Service.Platform;

namespace Stadium.Service.Features.Posts;

/// <summary>Posts: create (idempotent), read and list (public), delete; the post cache and the after-commit publisher.</summary>
public static class PostsModule
{
    public static WebApplicationBuilder AddPosts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PostCache>();
        builder.Services.AddSingleton<IPostCache>(sp => sp.GetRequiredService<PostCache>());
        builder.Services.AddSingleton<PostPublisher>();
        // After the store's migrations (registered earlier, so started earlier); readiness waits for it.
        builder.Services.AddHostedService<PostCacheWarmup>();
        builder.Services.AddJsonContracts(PostsJsonContext.Default);
        return builder;
    }

    public static RouteGroupBuilder MapPosts(this RouteGroupBuilder v1)
    {
        var posts = v1.MapGroup("").WithTag("Posts", "Short text posts: write, read, delete, and each author's list.");
        posts.MapPost("/posts", PostsEndpoints.Create)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .Describe("CreatePost", "Write a post",
                "Publishes a post of 1 to 4,000 characters to my followers' feeds. With an Idempotency-Key header a retry of the same request "
                + "answers the post already created (marked Idempotent-Replayed: true) instead of creating another; the same key with different "
                + "text is 422, and a key whose post was deleted is 409.");
        posts.MapById(HttpMethods.Get, "/posts/{id}", PostsEndpoints.Get, PostsEndpoints.PostNotFound, get => get.AllowAnonymous())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("GetPost", "Get a post",
                "One post; public, cacheable, with an ETag for conditional requests (If-None-Match answers 304). 404 for an unknown or deleted post.");
        posts.MapById(HttpMethods.Delete, "/posts/{id}", PostsEndpoints.Delete, PostsEndpoints.PostNotFound)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("DeletePost", "Delete my post",
                "Deletes one of my posts; it leaves the feeds it was in. 403 for someone else's post, 404 for an unknown one.");
        posts.MapGet("/users/{username}/posts", PostsEndpoints.ListByUser).AllowAnonymous().ProducesProblem(StatusCodes.Status404NotFound)
            .Describe("ListUserPosts", "List a user's posts",
                "The user's own posts; public. 404 for an unknown user." + PageQuery.Paging);
        return v1;
    }
}
