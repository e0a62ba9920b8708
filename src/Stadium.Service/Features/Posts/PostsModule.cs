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
        var posts = v1.MapGroup("").WithTags("Posts");
        posts.MapPost("/posts", PostsEndpoints.Create);
        posts.MapById(HttpMethods.Get, "/posts/{id}", PostsEndpoints.Get, PostsEndpoints.PostNotFound, get => get.AllowAnonymous());
        posts.MapById(HttpMethods.Delete, "/posts/{id}", PostsEndpoints.Delete, PostsEndpoints.PostNotFound);
        posts.MapGet("/users/{username}/posts", PostsEndpoints.ListByUser).AllowAnonymous();
        return v1;
    }
}
