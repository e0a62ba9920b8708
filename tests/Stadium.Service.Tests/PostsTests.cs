using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Stadium.Service.Tests;

public sealed class PostsTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    internal static async Task<JsonElement> CreatePost(TestUser user, string text, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await ApiAssert.Json(await user.Client.SendAsync(request), HttpStatusCode.Created);
    }

    [Fact]
    public async Task Create_then_read_returns_the_same_post()
    {
        using var user = await node.NewUserAsync();
        var created = await CreatePost(user, "Hello, stadium 🎉");
        Assert.Equal(user.Username, created.GetProperty("author").GetString());
        Assert.Equal("Hello, stadium 🎉", created.GetProperty("text").GetString());
        Assert.Equal(node.Time.GetUtcNow().ToUnixTimeMilliseconds(), created.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds());

        using var client = node.CreateClient();
        var response = await client.GetAsync($"/v1/posts/{created.GetProperty("id").GetInt64()}");
        var read = await ApiAssert.Json(response);
        Assert.Equal(created.GetProperty("id").GetInt64(), read.GetProperty("id").GetInt64());
        Assert.Equal("Hello, stadium 🎉", read.GetProperty("text").GetString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Text_limits_are_enforced_in_characters_not_bytes()
    {
        using var user = await node.NewUserAsync();
        await CreatePost(user, new string('é', 4000));
        await CreatePost(user, string.Concat(Enumerable.Repeat("⚽", 4000)));
        await ApiAssert.ValidationProblem(await user.Client.PostAsJsonAsync("/v1/posts", new { text = new string('a', 4001) }), "text");
        await ApiAssert.ValidationProblem(await user.Client.PostAsJsonAsync("/v1/posts", new { text = "" }), "text");
        await ApiAssert.ValidationProblem(await user.Client.PostAsJsonAsync("/v1/posts", new { }), "text");
    }

    [Fact]
    public async Task Creating_needs_a_token()
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/posts", new { text = "x" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Idempotency_key_makes_a_retried_create_return_the_first_post()
    {
        using var user = await node.NewUserAsync();
        var first = await CreatePost(user, "only once", key: "key-123");
        using var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "only once" }) };
        retry.Headers.Add("Idempotency-Key", "key-123");
        var response = await user.Client.SendAsync(retry);
        var second = await ApiAssert.Json(response, HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());

        var profile = await ApiAssert.Json(await user.Client.GetAsync($"/v1/users/{user.Username}"));
        Assert.Equal(1, profile.GetProperty("posts").GetInt32());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_still_make_one_post()
    {
        using var user = await node.NewUserAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CreatePost(user, "racing", key: "race-key")));
        Assert.Single(attempts.Select(a => a.GetProperty("id").GetInt64()).Distinct());
        var list = await ApiAssert.Json(await user.Client.GetAsync($"/v1/users/{user.Username}/posts"));
        Assert.Equal(1, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Retrying_a_key_whose_post_was_deleted_is_409_and_makes_no_post()
    {
        using var user = await node.NewUserAsync();
        var id = (await CreatePost(user, "short-lived", key: "gone-key")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/v1/posts/{id}")).StatusCode);

        using var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "short-lived" }) };
        retry.Headers.Add("Idempotency-Key", "gone-key");
        await ApiAssert.Problem(await user.Client.SendAsync(retry), HttpStatusCode.Conflict);

        var list = await ApiAssert.Json(await user.Client.GetAsync($"/v1/users/{user.Username}/posts"));
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Reusing_a_key_with_a_different_body_is_422()
    {
        using var user = await node.NewUserAsync();
        await CreatePost(user, "one", key: "k");
        using var other = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "two" }) };
        other.Headers.Add("Idempotency-Key", "k");
        await ApiAssert.Problem(await user.Client.SendAsync(other), HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Only_the_author_may_delete()
    {
        using var author = await node.NewUserAsync();
        using var other = await node.NewUserAsync();
        var id = (await CreatePost(author, "mine")).GetProperty("id").GetInt64();

        await ApiAssert.Problem(await other.Client.DeleteAsync($"/v1/posts/{id}"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await other.Client.GetAsync($"/v1/posts/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await author.Client.DeleteAsync($"/v1/posts/{id}")).StatusCode);
        await ApiAssert.Problem(await author.Client.GetAsync($"/v1/posts/{id}"), HttpStatusCode.NotFound);
        await ApiAssert.Problem(await author.Client.DeleteAsync($"/v1/posts/{id}"), HttpStatusCode.NotFound);
        var profile = await ApiAssert.Json(await author.Client.GetAsync($"/v1/users/{author.Username}"));
        Assert.Equal(0, profile.GetProperty("posts").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("99999999999999999999999")]
    public async Task Unknown_or_malformed_post_ids_are_404(string id)
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.GetAsync($"/v1/posts/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_users_posts_page_newest_first_without_gaps_or_duplicates_while_new_posts_arrive()
    {
        using var user = await node.NewUserAsync();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await CreatePost(user, $"post {i}")).GetProperty("id").GetInt64());
        }

        using var client = node.CreateClient();
        var seen = new List<long>();
        string? cursor = null;
        var page = 0;
        do
        {
            var body = await ApiAssert.Json(await client.GetAsync($"/v1/users/{user.Username}/posts?limit=3" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            cursor = body.GetProperty("nextCursor").GetString();
            if (page++ == 0)
            {
                await CreatePost(user, "arrives mid-paging");
            }
        }
        while (cursor is not null);

        ids.Reverse();
        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Posts_of_an_unknown_user_are_404()
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.GetAsync("/v1/users/ghost_user_x/posts"), HttpStatusCode.NotFound);
    }
}
