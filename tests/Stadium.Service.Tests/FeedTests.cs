using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Stadium.Data.Seeding;
using Stadium.Data.Sqlite;
using Stadium.Service.Platform;

namespace Stadium.Service.Tests;

public sealed class FeedTests(StadiumNode node) : IClassFixture<StadiumNode>
{
    private static async Task<List<long>> ReadWholeFeed(TestUser user, int pageSize, Func<int, Task>? betweenPages = null)
    {
        var ids = new List<long>();
        string? cursor = null;
        var page = 0;
        do
        {
            var body = await ApiAssert.Json(await user.Client.GetAsync($"/v1/feed?limit={pageSize}" + (cursor is null ? "" : $"&cursor={cursor}")));
            ids.AddRange(body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            cursor = body.GetProperty("nextCursor").GetString();
            if (betweenPages is not null)
            {
                await betweenPages(page);
            }

            page++;
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<long> Post(TestUser user, string text) => (await PostsTests.CreatePost(user, text)).GetProperty("id").GetInt64();

    /// <summary>Me, following a friend who then posts <paramref name="count"/> times (my home timeline resident first).</summary>
    private async Task<(TestUser Me, TestUser Friend, List<long> Ids)> FollowedFriendWithPosts(int count)
    {
        var me = await node.NewUserAsync();
        var friend = await node.NewUserAsync();
        await Follow(me, friend);
        await me.Client.GetAsync("/v1/feed");
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await Post(friend, $"p{i}"));
        }

        return (me, friend, ids);
    }

    private static async Task Follow(TestUser follower, TestUser followee) =>
        (await follower.Client.PutAsync($"/v1/users/{followee.Username}/follow", null)).EnsureSuccessStatusCode();

    [Fact]
    public async Task Feed_holds_my_posts_and_those_i_follow_newest_first()
    {
        using var me = await node.NewUserAsync();
        using var friend = await node.NewUserAsync();
        using var stranger = await node.NewUserAsync();
        await Follow(me, friend);
        await me.Client.GetAsync("/v1/feed"); // make the timeline resident, so the next posts arrive by fan-out
        var expected = new List<long>
        {
            await Post(friend, "friend 1"),
            await Post(me, "me 1"),
            await Post(friend, "friend 2"),
        };
        await Post(stranger, "not followed");

        expected.Reverse();
        Assert.Equal(expected, await ReadWholeFeed(me, 20));

        // Feed items render exactly as the post endpoint renders them.
        var page = await ApiAssert.Json(await me.Client.GetAsync("/v1/feed?limit=1"));
        var item = page.GetProperty("items")[0];
        var single = await ApiAssert.Json(await me.Client.GetAsync($"/v1/posts/{expected[0]}"));
        Assert.Equal(single.GetRawText(), item.GetRawText());
        Assert.Equal(friend.Username, item.GetProperty("author").GetString());
        Assert.Equal(expected[0].ToString(System.Globalization.CultureInfo.InvariantCulture), page.GetProperty("nextCursor").GetString());
    }

    [Fact]
    public async Task Following_brings_in_earlier_posts_and_unfollowing_removes_them()
    {
        using var me = await node.NewUserAsync();
        using var friend = await node.NewUserAsync();
        var old = await Post(friend, "before the follow");
        Assert.Empty(await ReadWholeFeed(me, 20));

        await Follow(me, friend);
        Assert.Equal([old], await ReadWholeFeed(me, 20));

        (await me.Client.DeleteAsync($"/v1/users/{friend.Username}/follow")).EnsureSuccessStatusCode();
        Assert.Empty(await ReadWholeFeed(me, 20));
    }

    [Fact]
    public async Task Paging_has_no_gaps_or_duplicates_while_new_posts_arrive()
    {
        using var me = await node.NewUserAsync();
        using var friend = await node.NewUserAsync();
        await Follow(me, friend);
        var expected = new List<long>();
        for (var i = 0; i < 9; i++)
        {
            expected.Add(await Post(friend, $"p{i}"));
        }

        var seen = await ReadWholeFeed(me, 2, async _ => await Post(friend, "arrives while paging"));
        expected.Reverse();
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Deleted_posts_leave_the_feed_and_pages_stay_full()
    {
        var (me, friend, ids) = await FollowedFriendWithPosts(5);
        using var _ = me;
        using var __ = friend;
        (await friend.Client.DeleteAsync($"/v1/posts/{ids[4]}")).EnsureSuccessStatusCode();
        (await friend.Client.DeleteAsync($"/v1/posts/{ids[3]}")).EnsureSuccessStatusCode();
        var page = await ApiAssert.Json(await me.Client.GetAsync("/v1/feed?limit=3"));
        Assert.Equal([ids[2], ids[1], ids[0]], page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_long_run_of_deleted_posts_does_not_empty_the_first_page()
    {
        // An author cleaning up 24 recent posts: their ids stay in timelines, more than a few pages' worth.
        var (me, friend, ids) = await FollowedFriendWithPosts(30);
        using var _ = me;
        using var __ = friend;
        foreach (var id in ids.Skip(6))
        {
            (await friend.Client.DeleteAsync($"/v1/posts/{id}")).EnsureSuccessStatusCode();
        }

        var first = await ApiAssert.Json(await me.Client.GetAsync("/v1/feed?limit=4"));
        Assert.Equal([ids[5], ids[4], ids[3], ids[2]], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
        var kept = ids.Take(6).Reverse().ToList();
        Assert.Equal(kept, await ReadWholeFeed(me, 4));
    }

    [Fact]
    public async Task Celebrity_posts_are_merged_at_read_time_in_order()
    {
        // The node counts accounts with more than 5 followers as celebrities: the star (7 followers) is merged at
        // read time, the friend (3 followers) is fanned out on write, so the first fans' feeds interleave both paths.
        using var star = await node.NewUserAsync();
        using var friend = await node.NewUserAsync();
        var fans = new List<TestUser>();
        for (var i = 0; i < 7; i++)
        {
            var fan = await node.NewUserAsync();
            await Follow(fan, star);
            if (i < 3)
            {
                await Follow(fan, friend);
            }

            await fan.Client.GetAsync("/v1/feed");
            fans.Add(fan);
        }

        var starPosts = new List<long>();
        var friendPosts = new List<long>();
        var both = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var fromStar = await Post(star, $"star {i}");
            var fromFriend = await Post(friend, $"friend {i}");
            starPosts.Add(fromStar);
            friendPosts.Add(fromFriend);
            both.AddRange([fromStar, fromFriend]);
        }

        both.Reverse();
        starPosts.Reverse();
        for (var i = 0; i < fans.Count; i++)
        {
            Assert.Equal(i < 3 ? both : starPosts, await ReadWholeFeed(fans[i], 3));
            fans[i].Dispose();
        }

        var directory = node.App.Services.GetRequiredService<Stadium.Service.Features.Feed.CelebrityDirectory>();
        using var client = node.CreateClient();
        foreach (var (account, celebrity) in new[] { (star, true), (friend, false) })
        {
            var followers = (await ApiAssert.Json(await client.GetAsync($"/v1/users/{account.Username}"))).GetProperty("followers").GetInt32();
            Assert.Equal(celebrity, directory.SkipsFanOut(followers));
            Assert.Equal(celebrity, followers > directory.MergeAbove);
        }
    }

    [Fact]
    public async Task Posts_a_celebrity_made_stay_in_feeds_after_the_author_drops_below_the_merge_line()
    {
        // More than 5 followers: no fan-out; more than 4 (90 %): merged at read time. The star posts with 6
        // followers, so the post reaches feeds only by the merge; then two fans leave and the star has 4.
        using var star = await node.NewUserAsync();
        var fans = await node.NewFollowersAsync(star, 6);
        var loyal = fans[0];
        Assert.Empty(await ReadWholeFeed(loyal, 10)); // the loyal fan's home timeline is now resident
        var post = await Post(star, "posted as a celebrity");
        Assert.Equal([post], await ReadWholeFeed(loyal, 10));

        foreach (var leaving in fans.Skip(4))
        {
            (await leaving.Client.DeleteAsync($"/v1/users/{star.Username}/follow")).EnsureSuccessStatusCode();
        }

        Assert.Equal([post], await ReadWholeFeed(loyal, 10));
        var later = await Post(star, "posted with 4 followers, fanned out");
        Assert.Equal([later, post], await ReadWholeFeed(loyal, 10));
        fans.ForEach(f => f.Dispose());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=1000000000000", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=-1", "cursor")]
    public async Task Bad_paging_parameters_are_400(string query, string field)
    {
        using var me = await node.NewUserAsync();
        await ApiAssert.ValidationProblem(await me.Client.GetAsync($"/v1/feed?{query}"), field);
    }

    [Fact]
    public async Task Default_page_is_20_and_max_is_100()
    {
        using var me = await node.NewUserAsync();
        for (var i = 0; i < 25; i++)
        {
            await Post(me, $"p{i}");
        }

        var page = await ApiAssert.Json(await me.Client.GetAsync("/v1/feed"));
        Assert.Equal(20, page.GetProperty("items").GetArrayLength());
        Assert.NotNull(page.GetProperty("nextCursor").GetString());
        var big = await ApiAssert.Json(await me.Client.GetAsync("/v1/feed?limit=100"));
        Assert.Equal(25, big.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, big.GetProperty("nextCursor").ValueKind);
    }
}

/// <summary>A node seeded with a Zipf population, where user1.. are celebrities at the test threshold.</summary>
public sealed class SeededNode : StadiumNode
{
    protected override int SeedUsers => 300;

    protected override Dictionary<string, string?> Settings => new(base.Settings) { ["Stadium:Feed:CelebrityFollowers"] = "20" };
}

public sealed class SeededFeedTests(SeededNode node) : IClassFixture<SeededNode>
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(150)]
    public async Task Seeded_users_log_in_with_the_demo_password_and_see_the_same_feed_as_a_brute_force_query(int userId)
    {
        var tokens = await node.LoginAsync($"user{userId}", SeedOptions.DemoPassword);
        using var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var body = await ApiAssert.Json(await client.GetAsync("/v1/feed?limit=100" + (cursor is null ? "" : $"&cursor={cursor}")));
            seen.AddRange(body.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("id").GetInt64()));
            cursor = body.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count < 2_000);

        using var database = new SqliteDatabase(new StadiumOptions { DataFolder = node.DataFolder }.SqlitePath);
        using var connection = database.Open();
        var followees = connection.Query<long>("SELECT followee_id FROM follows WHERE follower_id = @userId", new { userId }).ToHashSet();
        var followers = connection.Query<(long Id, long Followers)>("SELECT id, followers_count FROM users").ToDictionary(u => u.Id, u => u.Followers);
        var all = connection.Query<(long Id, long Author)>("SELECT id, author_id FROM posts ORDER BY id DESC").ToList();

        // Fanned out: me and followees with at most 20 followers, capped at 800 ids.
        // Merged at read: followees above 90 % of the threshold (18), each capped at 800.
        var fanned = all.Where(p => p.Author == userId || (followees.Contains(p.Author) && followers[p.Author] <= 20)).Select(p => p.Id).Take(800);
        var merged = all.Where(p => followees.Contains(p.Author) && followers[p.Author] > 18)
            .GroupBy(p => p.Author).SelectMany(g => g.Select(p => p.Id).Take(800));
        var expected = fanned.Concat(merged).Distinct().OrderByDescending(id => id).ToList();

        Assert.NotEmpty(seen);
        Assert.Equal(expected.Take(seen.Count), seen);
        Assert.True(connection.ExecuteScalar<long>("SELECT followers_count FROM users WHERE id = 1") > 20, "user1 should be a celebrity in a Zipf graph");
    }
}
