using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data;

namespace Stadium.Service.Tests;

/// <summary>
/// A client that goes away (times out, loses its network) just after its write has committed must not leave the
/// write half-applied: the post still reaches its followers' feeds, a deleted post stops being served, a follow
/// still changes the follower's feed. Requests marked with <see cref="LeavingClientNode.Header"/> have their
/// cancellation token fired the moment the store has committed, exactly as RequestAborted fires when a client leaves.
/// </summary>
public sealed class ClientLeavesAfterCommitTests(LeavingClientNode node) : IClassFixture<LeavingClientNode>
{
    private static async Task Leave(TestUser user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add(LeavingClientNode.Header, "1");
        using var response = await user.Client.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    private static async Task<List<long>> FeedIds(TestUser user) =>
        (await ApiAssert.Json(await user.Client.GetAsync("/v1/feed?limit=100"))).GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("id").GetInt64()).ToList();

    [Fact]
    public async Task A_post_whose_author_left_after_the_commit_still_reaches_followers_and_its_deletion_still_holds()
    {
        using var author = await node.NewUserAsync();
        var followers = await node.NewFollowersAsync(author, 1);
        using var follower = followers[0];
        Assert.Empty(await FeedIds(follower)); // the follower's home timeline is now resident

        await Leave(author, HttpMethod.Post, "/v1/posts", new { text = "sent from a train entering a tunnel" });
        using var anonymous = node.CreateClient();
        var posts = (await ApiAssert.Json(await anonymous.GetAsync($"/v1/users/{author.Username}/posts"))).GetProperty("items");
        var id = Assert.Single(posts.EnumerateArray()).GetProperty("id").GetInt64();
        Assert.Equal([id], await FeedIds(follower));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/v1/posts/{id}")).StatusCode);

        await Leave(author, HttpMethod.Delete, $"/v1/posts/{id}");
        await ApiAssert.Problem(await anonymous.GetAsync($"/v1/posts/{id}"), HttpStatusCode.NotFound);
        Assert.Empty(await FeedIds(follower));
        Assert.Equal(0, (await ApiAssert.Json(await anonymous.GetAsync($"/v1/users/{author.Username}"))).GetProperty("posts").GetInt32());
    }

    [Fact]
    public async Task A_follow_whose_client_left_after_the_commit_still_changes_the_feed()
    {
        using var author = await node.NewUserAsync();
        using var reader = await node.NewUserAsync();
        var post = (await PostsTests.CreatePost(author, "worth following")).GetProperty("id").GetInt64();
        Assert.Empty(await FeedIds(reader));

        await Leave(reader, HttpMethod.Put, $"/v1/users/{author.Username}/follow");
        Assert.Equal([post], await FeedIds(reader));

        await Leave(reader, HttpMethod.Delete, $"/v1/users/{author.Username}/follow");
        Assert.Empty(await FeedIds(reader));
    }
}

public sealed class LeavingClientNode : StadiumNode
{
    public const string Header = "Test-Leave-After-Commit";

    protected override void AfterApiServices(IServiceCollection services)
    {
        // The provider registers its stores by factory; the decorator wraps what those factories build.
        var posts = services.Last(d => d.ServiceType == typeof(IPostStore)).ImplementationFactory!;
        var follows = services.Last(d => d.ServiceType == typeof(IFollowStore)).ImplementationFactory!;
        var http = new HttpContextAccessor();
        services.AddSingleton<IHttpContextAccessor>(http);
        services.AddSingleton(sp => new CommitThenLeave((IPostStore)posts(sp), (IFollowStore)follows(sp), http));
        services.AddSingleton<IPostStore>(sp => sp.GetRequiredService<CommitThenLeave>());
        services.AddSingleton<IFollowStore>(sp => sp.GetRequiredService<CommitThenLeave>());
        services.AddSingleton<IStartupFilter, LeavingToken>();
    }

    /// <summary>Gives marked requests a cancellation token the store can fire, in place of RequestAborted.</summary>
    private sealed class LeavingToken : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (!context.Request.Headers.ContainsKey(Header))
                {
                    await nextMiddleware(context);
                    return;
                }

                using var leaves = new CancellationTokenSource();
                context.Items[Header] = leaves;
                context.RequestAborted = leaves.Token;
                await nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>The real store; its writes fire the marked request's token once they have committed.</summary>
    internal sealed class CommitThenLeave(IPostStore posts, IFollowStore follows, IHttpContextAccessor http) : IPostStore, IFollowStore
    {
        private async Task<T> ThenLeave<T>(Task<T> write)
        {
            var result = await write;
            (http.HttpContext?.Items[Header] as CancellationTokenSource)?.Cancel();
            return result;
        }

        public Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct) =>
            ThenLeave(posts.CreatePostAsync(authorId, text, at, key, ct));

        public Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct) => ThenLeave(posts.DeletePostAsync(id, requesterId, ct));

        public Task<FollowChange> FollowAsync(long followerId, long followeeId, DateTimeOffset at, CancellationToken ct) =>
            ThenLeave(follows.FollowAsync(followerId, followeeId, at, ct));

        public Task<FollowChange> UnfollowAsync(long followerId, long followeeId, CancellationToken ct) => ThenLeave(follows.UnfollowAsync(followerId, followeeId, ct));

        public Task<PostRecord?> GetPostAsync(long id, CancellationToken ct) => posts.GetPostAsync(id, ct);

        public Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => posts.GetPostsAsync(ids, ct);

        public Task<IReadOnlyList<PostRecord>> GetPostsUpToDateAsync(IReadOnlyCollection<long> ids, CancellationToken ct) => posts.GetPostsUpToDateAsync(ids, ct);

        public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct) =>
            posts.GetUserPostsAsync(authorId, before, limit, ct);

        public Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct) => posts.GetRecentPostIdsAsync(authorId, limit, ct);

        public Task<IReadOnlyList<UserSummary>> GetFollowersAsync(long userId, long? before, int limit, CancellationToken ct) =>
            follows.GetFollowersAsync(userId, before, limit, ct);

        public Task<IReadOnlyList<UserSummary>> GetFollowingAsync(long userId, long? before, int limit, CancellationToken ct) =>
            follows.GetFollowingAsync(userId, before, limit, ct);

        public Task<IReadOnlyList<long>> GetFollowerIdsAsync(long userId, CancellationToken ct) => follows.GetFollowerIdsAsync(userId, ct);

        public Task<IReadOnlyList<long>> GetFollowedCelebritiesAsync(long userId, int followerThreshold, CancellationToken ct) =>
            follows.GetFollowedCelebritiesAsync(userId, followerThreshold, ct);

        public Task<IReadOnlyList<long>> GetHomeTimelineSeedAsync(long userId, int followerThreshold, int limit, CancellationToken ct) =>
            follows.GetHomeTimelineSeedAsync(userId, followerThreshold, limit, ct);
    }
}
