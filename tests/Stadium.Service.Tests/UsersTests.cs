using System.Net;
using System.Net.Http.Json;

namespace Stadium.Service.Tests;

public sealed class UsersTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task Profile_shows_counts_and_carries_etag_and_cache_control()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var response = await client.GetAsync($"/v1/users/{user.Username}");
        var profile = await ApiAssert.Json(response);
        Assert.Equal(user.Id, profile.GetProperty("id").GetInt64());
        Assert.Equal(user.Username, profile.GetProperty("username").GetString());
        Assert.Equal(0, profile.GetProperty("followers").GetInt32());
        Assert.Equal(0, profile.GetProperty("following").GetInt32());
        Assert.Equal(0, profile.GetProperty("posts").GetInt32());
        Assert.NotNull(response.Headers.ETag);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task Matching_if_none_match_gets_304_and_a_change_gets_a_new_etag()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var first = await client.GetAsync($"/v1/users/{user.Username}");
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{user.Username}");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        (await user.Client.PatchAsJsonAsync("/v1/me", new { bio = "changed" })).EnsureSuccessStatusCode();
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/users/{user.Username}");
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        var get = await client.GetAsync($"/v1/users/{user.Username}");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/users/{user.Username}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        var feed = await user.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/feed"));
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        var anonymous = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/feed"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var missing = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/users/nobody_here_at_all"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Lookup_is_case_insensitive_and_unknown_is_404_problem()
    {
        using var user = await node.NewUserAsync();
        using var client = node.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/users/{user.Username.ToUpperInvariant()}")).StatusCode);
        await ApiAssert.Problem(await client.GetAsync("/v1/users/no_such_user_here"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_name_looked_up_before_it_was_registered_is_found_right_after()
    {
        var username = StadiumNode.NewUsername("late");
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.GetAsync($"/v1/users/{username}"), HttpStatusCode.NotFound);
        using var user = await node.NewUserAsync(username);
        var profile = await ApiAssert.Json(await client.GetAsync($"/v1/users/{username.ToUpperInvariant()}"));
        Assert.Equal(user.Id, profile.GetProperty("id").GetInt64());
        Assert.Equal(username, profile.GetProperty("username").GetString());
        Assert.Equal(0, profile.GetProperty("followers").GetInt32());
        using var fan = await node.NewUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await fan.Client.PutAsync($"/v1/users/{username}/follow", null)).StatusCode);
    }

    [Fact]
    public async Task Patch_me_updates_given_fields_only()
    {
        using var user = await node.NewUserAsync();
        var updated = await ApiAssert.Json(await user.Client.PatchAsJsonAsync("/v1/me", new { displayName = "Zoë ⚽" }));
        Assert.Equal("Zoë ⚽", updated.GetProperty("displayName").GetString());
        (await user.Client.PatchAsJsonAsync("/v1/me", new { bio = "Hello" })).EnsureSuccessStatusCode();

        using var client = node.CreateClient();
        var profile = await ApiAssert.Json(await client.GetAsync($"/v1/users/{user.Username}"));
        Assert.Equal("Zoë ⚽", profile.GetProperty("displayName").GetString());
        Assert.Equal("Hello", profile.GetProperty("bio").GetString());
    }

    [Fact]
    public async Task Patch_me_needs_a_token_and_valid_lengths()
    {
        using var client = node.CreateClient();
        await ApiAssert.Problem(await client.PatchAsJsonAsync("/v1/me", new { bio = "x" }), HttpStatusCode.Unauthorized);
        using var user = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await user.Client.PatchAsJsonAsync("/v1/me", new { displayName = new string('x', 65) }), "displayName");
        await ApiAssert.ValidationProblem(await user.Client.PatchAsJsonAsync("/v1/me", new { bio = new string('x', 281) }), "bio");
    }
}
