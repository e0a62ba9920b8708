using System.Net;
using System.Net.Http.Json;

namespace Stadium.Service.Tests;

/// <summary>"Stadium:Retention:IdempotencyKeys" reaches POST /v1/posts: inside the window a retry replays, after it the key is free.</summary>
public sealed class IdempotencyWindowTests(ShortIdempotencyWindowNode node) : IClassFixture<ShortIdempotencyWindowNode>
{
    [Fact]
    public async Task A_retry_inside_the_configured_window_replays_and_one_after_it_creates_a_new_post()
    {
        using var user = await node.NewUserAsync();
        var first = await PostsTests.CreatePost(user, "hello", key: "window-key");

        node.Time.Advance(TimeSpan.FromSeconds(50));
        var inside = await SendAsync(user);
        Assert.Equal("true", inside.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("id").GetInt64(), (await ApiAssert.Json(inside, HttpStatusCode.Created)).GetProperty("id").GetInt64());

        node.Time.Advance(TimeSpan.FromSeconds(20));
        var after = await SendAsync(user);
        Assert.False(after.Headers.Contains("Idempotent-Replayed"));
        Assert.NotEqual(first.GetProperty("id").GetInt64(), (await ApiAssert.Json(after, HttpStatusCode.Created)).GetProperty("id").GetInt64());
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/posts") { Content = JsonContent.Create(new { text = "hello" }) };
        request.Headers.Add("Idempotency-Key", "window-key");
        return user.Client.SendAsync(request);
    }
}

public sealed class ShortIdempotencyWindowNode : StadiumNode
{
    protected override Dictionary<string, string?> Settings => new(base.Settings)
    {
        ["Stadium:Retention:IdempotencyKeys"] = "00:01:00",
    };
}
