namespace Stadium.Data.Tests.Contract;

/// <summary>
/// What every store backend must do. A backend's test class derives from this and supplies a fresh,
/// migrated store; the same assertions then run unchanged against SQLite and PostgreSQL.
/// </summary>
public abstract class StoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IUserStore Users { get; }

    protected abstract IPostStore Posts { get; }

    protected abstract IFollowStore Follows { get; }

    protected abstract ISessionStore Sessions { get; }

    protected abstract IStoreHealth Health { get; }

    private static readonly CancellationToken Ct = CancellationToken.None;

    private async Task<long> NewUser(string? name = null) =>
        (await Users.CreateUserAsync(new NewUser(name ?? "u" + Guid.NewGuid().ToString("n")[..12], "x@example.com", "hash", T0), Ct))!.Value;

    [Fact]
    public async Task Usernames_are_unique_case_insensitively()
    {
        Assert.NotNull(await Users.CreateUserAsync(new NewUser("alice", "a@example.com", "h", T0), Ct));
        Assert.Null(await Users.CreateUserAsync(new NewUser("ALICE", "b@example.com", "h", T0), Ct));
        var found = await Users.FindByUsernameAsync("Alice", Ct);
        Assert.Equal("alice", found!.Username);
        Assert.Equal("h", (await Users.GetCredentialsAsync("alice", Ct))!.PasswordHash);
        Assert.Equal(found, await Users.FindByIdAsync(found.Id, Ct));
    }

    [Fact]
    public async Task Profile_updates_touch_only_given_fields()
    {
        var id = await NewUser();
        await Users.UpdateProfileAsync(id, "Display", null, Ct);
        var updated = await Users.UpdateProfileAsync(id, null, "Bio", Ct);
        Assert.Equal(("Display", "Bio"), (updated!.DisplayName, updated.Bio));
        Assert.Null(await Users.UpdateProfileAsync(999_999_999, "x", null, Ct));
        await Users.UpdatePasswordHashAsync(id, "new-hash", Ct);
        Assert.Equal("new-hash", (await Users.GetCredentialsAsync(updated.Username, Ct))!.PasswordHash);
    }

    [Fact]
    public async Task Announcement_emails_are_on_for_a_new_account_and_can_be_turned_off_and_on()
    {
        var id = await NewUser();
        var settings = await Users.GetEmailSettingsAsync(id, Ct);
        Assert.True(settings!.Announcements);
        Assert.Contains('@', settings.Email);
        Assert.False((await Users.SetAnnouncementEmailsAsync(id, false, Ct))!.Announcements);
        Assert.False((await Users.GetEmailSettingsAsync(id, Ct))!.Announcements);
        Assert.Equal(new EmailSettings(settings.Email, true), await Users.SetAnnouncementEmailsAsync(id, true, Ct));
        Assert.Null(await Users.GetEmailSettingsAsync(999_999_999, Ct));
        Assert.Null(await Users.SetAnnouncementEmailsAsync(999_999_999, false, Ct));
    }

    [Fact]
    public async Task Posts_are_created_read_and_counted()
    {
        var author = await NewUser();
        var created = await Posts.CreatePostAsync(author, "hello ⚽", T0, null, Ct);
        Assert.Equal(PostCreateOutcome.Created, created.Outcome);
        Assert.Equal(1, created.Author!.Posts);
        var post = await Posts.GetPostAsync(created.Post!.Id, Ct);
        Assert.Equal(("hello ⚽", author, T0), (post!.Text, post.AuthorId, post.CreatedAt));
        Assert.Equal(1, (await Users.FindByIdAsync(author, Ct))!.Posts);
        Assert.Null(await Posts.GetPostAsync(created.Post.Id + 1_000_000, Ct));
    }

    [Fact]
    public async Task Idempotency_keys_replay_and_detect_reuse()
    {
        var author = await NewUser();
        var first = await Posts.CreatePostAsync(author, "once", T0, new IdempotencyKey("k1", "fp"), Ct);
        var again = await Posts.CreatePostAsync(author, "once", T0, new IdempotencyKey("k1", "fp"), Ct);
        var reused = await Posts.CreatePostAsync(author, "other", T0, new IdempotencyKey("k1", "fp2"), Ct);
        Assert.Equal(PostCreateOutcome.Replayed, again.Outcome);
        Assert.Equal(first.Post!.Id, again.Post!.Id);
        Assert.Equal(PostCreateOutcome.KeyReusedWithDifferentRequest, reused.Outcome);
        Assert.Equal(1, (await Users.FindByIdAsync(author, Ct))!.Posts);

        // Keys are per user: another author may use the same key.
        var other = await NewUser();
        Assert.Equal(PostCreateOutcome.Created, (await Posts.CreatePostAsync(other, "once", T0, new IdempotencyKey("k1", "fp"), Ct)).Outcome);
    }

    [Fact]
    public async Task Only_the_author_deletes()
    {
        var author = await NewUser();
        var other = await NewUser();
        var id = (await Posts.CreatePostAsync(author, "x", T0, null, Ct)).Post!.Id;
        Assert.Equal(DeleteOutcome.Forbidden, await Posts.DeletePostAsync(id, other, Ct));
        Assert.NotNull(await Posts.GetPostAsync(id, Ct));
        Assert.Equal(DeleteOutcome.Deleted, await Posts.DeletePostAsync(id, author, Ct));
        Assert.Equal(DeleteOutcome.NotFound, await Posts.DeletePostAsync(id, author, Ct));
        Assert.Equal(0, (await Users.FindByIdAsync(author, Ct))!.Posts);
    }

    [Fact]
    public async Task Multi_get_returns_existing_posts_only_and_ids_are_never_reused()
    {
        var author = await NewUser();
        var a = (await Posts.CreatePostAsync(author, "a", T0, null, Ct)).Post!.Id;
        var b = (await Posts.CreatePostAsync(author, "b", T0, null, Ct)).Post!.Id;
        await Posts.DeletePostAsync(b, author, Ct);
        var c = (await Posts.CreatePostAsync(author, "c", T0, null, Ct)).Post!.Id;
        Assert.True(c > b);
        var many = await Posts.GetPostsAsync([a, b, c, 987_654_321], Ct);
        Assert.Equal([a, c], many.Select(p => p.Id).Order());
        Assert.Empty(await Posts.GetPostsAsync([], Ct));
    }

    [Fact]
    public async Task User_posts_page_newest_first_by_cursor()
    {
        var author = await NewUser();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Posts.CreatePostAsync(author, $"p{i}", T0.AddSeconds(i), null, Ct)).Post!.Id);
        }

        var first = await Posts.GetUserPostsAsync(author, null, 2, Ct);
        var second = await Posts.GetUserPostsAsync(author, first[^1].Id, 2, Ct);
        var third = await Posts.GetUserPostsAsync(author, second[^1].Id, 2, Ct);
        Assert.Equal(ids.AsEnumerable().Reverse(), first.Concat(second).Concat(third).Select(p => p.Id));
        Assert.Equal(ids.AsEnumerable().Reverse().Take(3), await Posts.GetRecentPostIdsAsync(author, 3, Ct));
    }

    [Fact]
    public async Task Follows_are_idempotent_and_keep_counts()
    {
        var a = await NewUser();
        var b = await NewUser();
        var followed = await Follows.FollowAsync(a, b, T0, Ct);
        Assert.Equal((true, 1), (followed.Changed, followed.FolloweeFollowers));
        Assert.Equal((1, 1), (followed.Follower!.Following, followed.Followee!.Followers));
        Assert.Equal(new FollowChange(false, 1), await Follows.FollowAsync(a, b, T0, Ct));
        Assert.Equal((0, 1), ((await Users.FindByIdAsync(a, Ct))!.Followers, (await Users.FindByIdAsync(a, Ct))!.Following));
        Assert.Equal(1, (await Users.FindByIdAsync(b, Ct))!.Followers);
        Assert.Equal([a], await Follows.GetFollowerIdsAsync(b, Ct));
        var unfollowed = await Follows.UnfollowAsync(a, b, Ct);
        Assert.Equal((true, 0, 0), (unfollowed.Changed, unfollowed.FolloweeFollowers, unfollowed.Follower!.Following));
        Assert.Equal(new FollowChange(false, 0), await Follows.UnfollowAsync(a, b, Ct));
        Assert.Equal(0, (await Users.FindByIdAsync(a, Ct))!.Following);
    }

    [Fact]
    public async Task Follower_and_following_lists_page_by_user_id()
    {
        var star = await NewUser();
        var fans = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var fan = await NewUser();
            fans.Add(fan);
            await Follows.FollowAsync(fan, star, T0, Ct);
        }

        var first = await Follows.GetFollowersAsync(star, null, 3, Ct);
        var rest = await Follows.GetFollowersAsync(star, first[^1].Id, 3, Ct);
        Assert.Equal(fans.OrderDescending(), first.Concat(rest).Select(u => u.Id));
        Assert.Equal([star], (await Follows.GetFollowingAsync(fans[0], null, 10, Ct)).Select(u => u.Id));
    }

    [Fact]
    public async Task Home_timeline_seed_takes_me_and_non_celebrity_followees_newest_first()
    {
        var me = await NewUser();
        var friend = await NewUser();
        var star = await NewUser();
        var stranger = await NewUser();
        await Follows.FollowAsync(me, friend, T0, Ct);
        await Follows.FollowAsync(me, star, T0, Ct);
        for (var i = 0; i < 3; i++)
        {
            await Follows.FollowAsync(await NewUser(), star, T0, Ct);
        }

        var expected = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            expected.Add((await Posts.CreatePostAsync(friend, "f", T0, null, Ct)).Post!.Id);
            await Posts.CreatePostAsync(star, "s", T0, null, Ct);
            await Posts.CreatePostAsync(stranger, "x", T0, null, Ct);
            expected.Add((await Posts.CreatePostAsync(me, "m", T0, null, Ct)).Post!.Id);
        }

        expected.Reverse();
        Assert.Equal(expected, await Follows.GetHomeTimelineSeedAsync(me, followerThreshold: 2, limit: 100, Ct));
        Assert.Equal(expected.Take(4), await Follows.GetHomeTimelineSeedAsync(me, followerThreshold: 2, limit: 4, Ct));
        Assert.Equal([star], await Follows.GetFollowedCelebritiesAsync(me, followerThreshold: 2, Ct));
    }

    [Fact]
    public async Task Refresh_sessions_rotate_once_and_revoke_by_family()
    {
        var user = await NewUser();
        var family = Guid.NewGuid();
        var first = new RefreshSession([1, 2, 3], family, user, T0, T0.AddDays(1), null, null);
        await Sessions.CreateAsync(first, Ct);
        var found = await Sessions.FindAsync([1, 2, 3], Ct);
        Assert.Equal((family, user, T0.AddDays(1)), (found!.FamilyId, found.UserId, found.ExpiresAt));
        Assert.Null(found.UsedAt);

        var second = first with { TokenHash = [4, 5, 6] };
        Assert.True(await Sessions.RotateAsync([1, 2, 3], second, T0, Ct));
        Assert.False(await Sessions.RotateAsync([1, 2, 3], second with { TokenHash = [7] }, T0, Ct));
        Assert.Equal(T0, (await Sessions.FindAsync([1, 2, 3], Ct))!.UsedAt);

        await Sessions.RevokeFamilyAsync(family, T0, Ct);
        Assert.NotNull((await Sessions.FindAsync([4, 5, 6], Ct))!.RevokedAt);
        Assert.False(await Sessions.RotateAsync([4, 5, 6], second with { TokenHash = [8] }, T0, Ct));
        Assert.Null(await Sessions.FindAsync([9, 9], Ct));
    }

    [Fact]
    public async Task A_session_started_when_its_first_token_was_created()
    {
        var user = await NewUser();
        var family = Guid.NewGuid();
        var first = new RefreshSession(Guid.NewGuid().ToByteArray(), family, user, T0, T0.AddDays(1), null, null);
        await Sessions.CreateAsync(first, Ct);
        Assert.True(await Sessions.RotateAsync(first.TokenHash, first with { TokenHash = Guid.NewGuid().ToByteArray(), CreatedAt = T0.AddHours(5) }, T0.AddHours(5), Ct));

        Assert.Equal(T0, await Sessions.SessionStartedAsync(family, Ct));
        Assert.Null(await Sessions.SessionStartedAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Revoking_a_user_ends_each_of_its_live_sessions_and_names_their_families_once()
    {
        var user = await NewUser();
        var other = await NewUser();
        var (a, b, ended, others) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        foreach (var (family, owner, tokens) in new[] { (a, user, 2), (b, user, 1), (ended, user, 1), (others, other, 1) })
        {
            for (var token = 0; token < tokens; token++)
            {
                await Sessions.CreateAsync(new RefreshSession(Guid.NewGuid().ToByteArray(), family, owner, T0, T0.AddDays(1), null, null), Ct);
            }
        }

        var mine = new RefreshSession(Guid.NewGuid().ToByteArray(), a, user, T0, T0.AddDays(1), null, null);
        var theirs = new RefreshSession(Guid.NewGuid().ToByteArray(), others, other, T0, T0.AddDays(1), null, null);
        await Sessions.CreateAsync(mine, Ct);
        await Sessions.CreateAsync(theirs, Ct);
        await Sessions.RevokeFamilyAsync(ended, T0, Ct);

        var revoked = await Sessions.RevokeUserAsync(user, T0.AddSeconds(5), Ct);

        Assert.Equal(new[] { a, b }.Order(), revoked.Order());
        Assert.Equal(T0.AddSeconds(5), (await Sessions.FindAsync(mine.TokenHash, Ct))!.RevokedAt);
        Assert.Null((await Sessions.FindAsync(theirs.TokenHash, Ct))!.RevokedAt);
        Assert.False(await Sessions.RotateAsync(mine.TokenHash, mine with { TokenHash = Guid.NewGuid().ToByteArray() }, T0.AddSeconds(6), Ct));
        Assert.Empty(await Sessions.RevokeUserAsync(user, T0.AddSeconds(7), Ct));
    }

    [Fact]
    public async Task Revoked_families_are_listed_after_a_time_oldest_first_and_paged()
    {
        var user = await NewUser();
        var at = T0.AddDays(400); // later than any other test's sessions, so only these count
        var families = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var family in families)
        {
            for (var token = 0; token < 2; token++)
            {
                await Sessions.CreateAsync(new RefreshSession(Guid.NewGuid().ToByteArray(), family, user, at, at.AddDays(1), null, null), Ct);
            }
        }

        await Sessions.RevokeFamilyAsync(families[2], at.AddSeconds(1), Ct);
        await Sessions.RevokeFamilyAsync(families[0], at.AddSeconds(2), Ct);
        await Sessions.RevokeFamilyAsync(families[1], at.AddSeconds(3), Ct);

        var all = await Sessions.RevokedSinceAsync(at, 100, Ct);
        Assert.Equal([new RevokedFamily(families[2], at.AddSeconds(1)), new RevokedFamily(families[0], at.AddSeconds(2)), new RevokedFamily(families[1], at.AddSeconds(3))], all);
        Assert.Equal([families[2], families[0]], (await Sessions.RevokedSinceAsync(at, 2, Ct)).Select(f => f.FamilyId));
        Assert.Equal([families[1]], (await Sessions.RevokedSinceAsync(at.AddSeconds(2), 100, Ct)).Select(f => f.FamilyId));
    }

    [Fact]
    public async Task Health_reports_reachable_and_current_schema()
    {
        var report = await Health.CheckAsync(Ct);
        Assert.True(report.Ready, report.Error);
        Assert.Equal(report.ExpectedSchemaVersion, report.SchemaVersion);
    }
}
