using System.Net;

namespace Stadium.Service.Tests;

public sealed class FollowsTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    [Fact]
    public async Task Follow_and_unfollow_are_idempotent_and_keep_counts_right()
    {
        using var alice = await node.NewUserAsync();
        using var bob = await node.NewUserAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PutAsync($"/v1/users/{bob.Username}/follow", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.PutAsync($"/v1/users/{bob.Username}/follow", null)).StatusCode);

        var bobProfile = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{bob.Username}"));
        var aliceProfile = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{alice.Username}"));
        Assert.Equal(1, bobProfile.GetProperty("followers").GetInt32());
        Assert.Equal(1, aliceProfile.GetProperty("following").GetInt32());

        var followers = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{bob.Username}/followers"));
        Assert.Equal(alice.Username, followers.GetProperty("items")[0].GetProperty("username").GetString());
        var following = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{alice.Username}/following"));
        Assert.Equal(bob.Username, following.GetProperty("items")[0].GetProperty("username").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/v1/users/{bob.Username}/follow")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.Client.DeleteAsync($"/v1/users/{bob.Username}/follow")).StatusCode);
        bobProfile = await ApiAssert.Json(await alice.Client.GetAsync($"/v1/users/{bob.Username}"));
        Assert.Equal(0, bobProfile.GetProperty("followers").GetInt32());
    }

    [Fact]
    public async Task Following_yourself_or_nobody_is_refused()
    {
        using var alice = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await alice.Client.PutAsync($"/v1/users/{alice.Username}/follow", null), "username");
        await ApiAssert.Problem(await alice.Client.PutAsync("/v1/users/nobody_at_all/follow", null), HttpStatusCode.NotFound);
        using var anonymous = node.CreateClient();
        await ApiAssert.Problem(await anonymous.PutAsync($"/v1/users/{alice.Username}/follow", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Follower_lists_page_without_gaps_or_duplicates()
    {
        using var star = await node.NewUserAsync();
        var fans = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            var fan = await node.NewUserAsync();
            fans.Add(fan);
            (await fan.Client.PutAsync($"/v1/users/{star.Username}/follow", null)).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await ApiAssert.Json(await star.Client.GetAsync($"/v1/users/{star.Username}/followers?limit=2" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("username").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(fans.OrderByDescending(f => f.Id).Select(f => f.Username), seen);
        fans.ForEach(f => f.Dispose());
    }
}
