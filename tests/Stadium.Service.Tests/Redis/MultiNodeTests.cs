using System.Net;
using System.Net.Http.Json;
using Stadium.Service.Platform.Redis;

namespace Stadium.Service.Tests.Redis;

[Collection(TwoNodeCollection.Name)]
public sealed class MultiNodeTests(TwoNodeCluster cluster)
{
    private ConfiguredNode A => cluster.A;

    private ConfiguredNode B => cluster.B;

    [Fact]
    public async Task A_profile_updated_through_one_node_is_fresh_on_the_other_which_had_it_cached()
    {
        using var user = await A.NewUserAsync();
        using var anonymousB = B.CreateClient();
        var before = await ApiAssert.Json(await anonymousB.GetAsync($"/v1/users/{user.Username}"));
        Assert.NotEqual("Renamed on A", before.GetProperty("displayName").GetString());

        (await user.Client.PatchAsJsonAsync("/v1/me", new { displayName = "Renamed on A" })).EnsureSuccessStatusCode();

        // The profile cache lasts 30 s; only the backplane can make B drop its copy within a few.
        var seen = await Eventually(async () =>
            (await ApiAssert.Json(await anonymousB.GetAsync($"/v1/users/{user.Username}"))).GetProperty("displayName").GetString() == "Renamed on A");
        Assert.True(seen, "node B still served the profile it had cached before the update on node A");
    }

    [Fact]
    public async Task A_post_created_on_one_node_appears_in_the_feed_read_from_the_other()
    {
        using var author = await A.NewUserAsync();
        using var reader = await A.NewUserAsync();
        (await reader.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        using var readerOnB = B.ClientFor(reader);
        var empty = await ApiAssert.Json(await readerOnB.GetAsync("/v1/feed"));
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());

        var created = await author.Client.PostAsJsonAsync("/v1/posts", new { text = "written on A" });
        created.EnsureSuccessStatusCode();
        var postId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

        // B built the timeline in Redis on the first read; A's fan-out pushed into it, no rebuild needed.
        var feed = await ApiAssert.Json(await readerOnB.GetAsync("/v1/feed"));
        var items = feed.GetProperty("items");
        Assert.Equal(1, items.GetArrayLength());
        Assert.Equal(postId, items[0].GetProperty("id").GetInt64());
        Assert.Equal("written on A", items[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_author_who_becomes_a_celebrity_through_one_node_is_merged_into_feeds_read_on_the_other()
    {
        // Test nodes: fan-out stops above 5 followers, the read-time merge starts above 4.
        using var author = await A.NewUserAsync();
        using var reader = await A.NewUserAsync();
        var fans = new List<TestUser>();
        for (var i = 0; i < 5; i++)
        {
            fans.Add(await A.NewUserAsync());
        }

        (await reader.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        foreach (var fan in fans.Take(3))
        {
            (await fan.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        }

        // B reads while the author has 4 followers: not a celebrity, and B caches that answer.
        using var readerOnB = B.ClientFor(reader);
        Assert.Equal(0, (await ApiAssert.Json(await readerOnB.GetAsync("/v1/feed"))).GetProperty("items").GetArrayLength());

        // Through A the author crosses the merge line (5) and then the fan-out line (6), and posts:
        // the post is not fanned out, so only B's read-time merge can show it.
        foreach (var fan in fans.Skip(3))
        {
            (await fan.Client.PutAsync($"/v1/users/{author.Username}/follow", null)).EnsureSuccessStatusCode();
        }

        var created = await author.Client.PostAsJsonAsync("/v1/posts", new { text = "famous now" });
        created.EnsureSuccessStatusCode();
        var postId = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();

        var merged = await Eventually(async () =>
        {
            var items = (await ApiAssert.Json(await readerOnB.GetAsync("/v1/feed"))).GetProperty("items");
            return items.GetArrayLength() == 1 && items[0].GetProperty("id").GetInt64() == postId;
        });
        Assert.True(merged, "node B kept its cached 'no celebrities followed' answer after the author crossed the line on node A");
        foreach (var fan in fans)
        {
            fan.Dispose();
        }
    }

    [Fact]
    public async Task Logout_on_one_node_revokes_the_access_token_on_the_other()
    {
        using var user = await A.NewUserAsync();
        using var onB = B.ClientFor(user);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/v1/feed")).StatusCode);

        using var anonymousA = A.CreateClient();
        (await anonymousA.PostAsJsonAsync("/v1/auth/logout", new { refreshToken = user.Tokens.RefreshToken })).EnsureSuccessStatusCode();

        var revoked = await Eventually(async () => (await onB.GetAsync("/v1/feed")).StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(revoked, "node B still accepted an access token whose session was logged out on node A");
    }

    [Fact]
    public async Task Failed_logins_spread_over_two_nodes_count_against_one_budget()
    {
        // Test nodes keep the default budgets: 10 failures of one account from one address in 15 minutes.
        using var user = await A.NewUserAsync();
        using var onA = A.CreateClient();
        using var onB = B.CreateClient();
        for (var i = 0; i < 10; i++)
        {
            var client = i % 2 == 0 ? onA : onB;
            await ApiAssert.Problem(await client.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = "guess " + i }), HttpStatusCode.Unauthorized);
        }

        // Each node saw 5 failures, half its own budget; together they spent it, and both refuse the right password.
        foreach (var client in new[] { onA, onB })
        {
            using var refused = await client.PostAsJsonAsync("/v1/auth/login", new { username = user.Username, password = "correct horse battery" });
            await ApiAssert.Problem(refused, (HttpStatusCode)429);
            Assert.True(refused.Headers.RetryAfter is not null, "a refusal says when to come back");
        }
    }

    [Fact]
    public async Task A_healthy_node_reports_redis_in_readiness_and_marks_no_response_degraded()
    {
        using var client = B.CreateClient();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.False(ready.Headers.Contains(CacheDegradation.Header));
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }
}
