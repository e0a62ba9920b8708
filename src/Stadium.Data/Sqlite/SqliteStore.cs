using Dapper;
using Microsoft.Data.Sqlite;

namespace Stadium.Data.Sqlite;

/// <summary>The embedded default store: every aggregate in one SQLite file.</summary>
public sealed class SqliteStore(SqliteDatabase database) : IUserStore, IPostStore, IFollowStore, ISessionStore, IStoreHealth
{
    private const string UserColumns =
        "id AS Id, username AS Username, display_name AS DisplayName, bio AS Bio, followers_count AS Followers, " +
        "following_count AS Following, posts_count AS Posts, created_at AS CreatedAtMs";

    private const string PostColumns =
        "p.id AS Id, p.author_id AS AuthorId, u.username AS Author, p.text AS Text, p.created_at AS CreatedAtMs";

    // ---- users ----

    public Task<long?> CreateUserAsync(NewUser user, CancellationToken ct) =>
        database.WriteAsync<long?>((connection, transaction) =>
        {
            var id = connection.ExecuteScalar<long?>(
                """
                INSERT INTO users (username, email, password_hash, created_at)
                VALUES (@Username, @Email, @PasswordHash, @at)
                ON CONFLICT (username) DO NOTHING
                RETURNING id
                """,
                new { user.Username, user.Email, user.PasswordHash, at = Ms(user.CreatedAt) },
                transaction);
            return id;
        }, ct);

    public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<UserRow>(
            $"SELECT {UserColumns} FROM users WHERE username = @username", new { username });
        return Task.FromResult(row?.ToRecord());
    }

    public Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id });
        return Task.FromResult(row?.ToRecord());
    }

    public Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<Credentials>(
            "SELECT id AS UserId, username AS Username, password_hash AS PasswordHash FROM users WHERE username = @username", new { username });
        return Task.FromResult(row);
    }

    public Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            connection.Execute("UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash }, transaction), ct);

    public Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            var row = connection.QuerySingleOrDefault<UserRow>(
                $"""
                UPDATE users SET display_name = COALESCE(@displayName, display_name), bio = COALESCE(@bio, bio)
                WHERE id = @userId
                RETURNING {UserColumns}
                """,
                new { userId, displayName, bio },
                transaction);
            return row?.ToRecord();
        }, ct);

    // ---- posts ----

    public Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            if (key is not null)
            {
                var e = connection.QuerySingleOrDefault<IdempotencyRow>(
                    "SELECT post_id AS PostId, fingerprint AS Fingerprint FROM idempotency_keys WHERE user_id = @authorId AND key = @Key",
                    new { authorId, key.Key },
                    transaction);
                if (e is not null)
                {
                    if (e.Fingerprint != key.RequestFingerprint)
                    {
                        return new PostCreateResult(PostCreateOutcome.KeyReusedWithDifferentRequest, null);
                    }

                    var replay = QueryPost(connection, transaction, e.PostId);
                    return new PostCreateResult(PostCreateOutcome.Replayed, replay);
                }
            }

            var id = connection.ExecuteScalar<long>(
                "INSERT INTO posts (author_id, text, created_at) VALUES (@authorId, @text, @at) RETURNING id",
                new { authorId, text, at = Ms(at) },
                transaction);
            connection.Execute("UPDATE users SET posts_count = posts_count + 1 WHERE id = @authorId", new { authorId }, transaction);
            if (key is not null)
            {
                connection.Execute(
                    "INSERT INTO idempotency_keys (user_id, key, fingerprint, post_id, created_at) VALUES (@authorId, @Key, @RequestFingerprint, @id, @at)",
                    new { authorId, key.Key, key.RequestFingerprint, id, at = Ms(at) },
                    transaction);
            }

            return new PostCreateResult(PostCreateOutcome.Created, QueryPost(connection, transaction, id), QueryUser(connection, transaction, authorId));
        }, ct);

    public Task<PostRecord?> GetPostAsync(long id, CancellationToken ct)
    {
        using var connection = database.Open();
        return Task.FromResult(QueryPost(connection, null, id));
    }

    public Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<PostRecord>>([]);
        }

        using var connection = database.Open();
        var rows = connection.Query<PostRow>(
            $"SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id IN @ids", new { ids });
        return Task.FromResult<IReadOnlyList<PostRecord>>(rows.Select(r => r.ToRecord()).ToList());
    }

    public Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            var author = connection.ExecuteScalar<long?>("SELECT author_id FROM posts WHERE id = @id", new { id }, transaction);
            if (author is null)
            {
                return DeleteOutcome.NotFound;
            }

            if (author != requesterId)
            {
                return DeleteOutcome.Forbidden;
            }

            connection.Execute("DELETE FROM posts WHERE id = @id", new { id }, transaction);
            connection.Execute("UPDATE users SET posts_count = posts_count - 1 WHERE id = @requesterId", new { requesterId }, transaction);
            return DeleteOutcome.Deleted;
        }, ct);

    public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct)
    {
        using var connection = database.Open();
        var rows = connection.Query<PostRow>(
            $"""
            SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id
            WHERE p.author_id = @authorId AND p.id < @before
            ORDER BY p.id DESC LIMIT @limit
            """,
            new { authorId, before = before ?? long.MaxValue, limit });
        return Task.FromResult<IReadOnlyList<PostRecord>>(rows.Select(r => r.ToRecord()).ToList());
    }

    public Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct)
    {
        using var connection = database.Open();
        var ids = connection.Query<long>(
            "SELECT id FROM posts WHERE author_id = @authorId ORDER BY id DESC LIMIT @limit", new { authorId, limit });
        return Task.FromResult<IReadOnlyList<long>>(ids.AsList());
    }

    // ---- follows ----

    public Task<FollowChange> FollowAsync(long followerId, long followeeId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            var inserted = connection.Execute(
                "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@followerId, @followeeId, @at) ON CONFLICT DO NOTHING",
                new { followerId, followeeId, at = Ms(at) },
                transaction);
            if (inserted > 0)
            {
                connection.Execute("UPDATE users SET following_count = following_count + 1 WHERE id = @followerId", new { followerId }, transaction);
                connection.Execute("UPDATE users SET followers_count = followers_count + 1 WHERE id = @followeeId", new { followeeId }, transaction);
            }

            return Change(connection, transaction, inserted > 0, followerId, followeeId);
        }, ct);

    public Task<FollowChange> UnfollowAsync(long followerId, long followeeId, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            var deleted = connection.Execute(
                "DELETE FROM follows WHERE follower_id = @followerId AND followee_id = @followeeId",
                new { followerId, followeeId },
                transaction);
            if (deleted > 0)
            {
                connection.Execute("UPDATE users SET following_count = following_count - 1 WHERE id = @followerId", new { followerId }, transaction);
                connection.Execute("UPDATE users SET followers_count = followers_count - 1 WHERE id = @followeeId", new { followeeId }, transaction);
            }

            return Change(connection, transaction, deleted > 0, followerId, followeeId);
        }, ct);

    public Task<IReadOnlyList<UserSummary>> GetFollowersAsync(long userId, long? before, int limit, CancellationToken ct) =>
        QuerySummaries(
            """
            SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName
            FROM follows f JOIN users u ON u.id = f.follower_id
            WHERE f.followee_id = @userId AND f.follower_id < @before
            ORDER BY f.follower_id DESC LIMIT @limit
            """, userId, before, limit);

    public Task<IReadOnlyList<UserSummary>> GetFollowingAsync(long userId, long? before, int limit, CancellationToken ct) =>
        QuerySummaries(
            """
            SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName
            FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND f.followee_id < @before
            ORDER BY f.followee_id DESC LIMIT @limit
            """, userId, before, limit);

    public Task<IReadOnlyList<long>> GetFollowerIdsAsync(long userId, CancellationToken ct)
    {
        using var connection = database.Open();
        var ids = connection.Query<long>("SELECT follower_id FROM follows WHERE followee_id = @userId", new { userId });
        return Task.FromResult<IReadOnlyList<long>>(ids.AsList());
    }

    public Task<IReadOnlyList<long>> GetFollowedCelebritiesAsync(long userId, int followerThreshold, CancellationToken ct)
    {
        using var connection = database.Open();
        var ids = connection.Query<long>(
            """
            SELECT f.followee_id FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND u.followers_count > @followerThreshold
            """,
            new { userId, followerThreshold });
        return Task.FromResult<IReadOnlyList<long>>(ids.AsList());
    }

    public Task<IReadOnlyList<long>> GetHomeTimelineSeedAsync(long userId, int followerThreshold, int limit, CancellationToken ct)
    {
        using var connection = database.Open();
        var authors = connection.Query<long>(
            """
            SELECT f.followee_id FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND u.followers_count <= @followerThreshold
            """,
            new { userId, followerThreshold }).AsList();
        authors.Add(userId);

        // One indexed range read per author, then a merge: cost grows with follows x limit, never
        // with the authors' whole post history (a single ORDER BY over the join would sort all of it).
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM posts WHERE author_id = $author ORDER BY id DESC LIMIT $limit";
        var author = command.Parameters.Add("$author", SqliteType.Integer);
        command.Parameters.AddWithValue("$limit", limit);
        var newest = new PriorityQueue<long, long>();
        foreach (var a in authors)
        {
            author.Value = a;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                if (newest.Count < limit)
                {
                    newest.Enqueue(id, id);
                }
                else if (id > newest.Peek())
                {
                    newest.EnqueueDequeue(id, id);
                }
                else
                {
                    break;
                }
            }
        }

        var result = new long[newest.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            result[i] = newest.Dequeue();
        }

        return Task.FromResult<IReadOnlyList<long>>(result);
    }

    // ---- refresh sessions ----

    public Task CreateAsync(RefreshSession session, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => InsertSession(connection, transaction, session), ct);

    public Task<RefreshSession?> FindAsync(byte[] tokenHash, CancellationToken ct)
    {
        using var connection = database.Open();
        var row = connection.QuerySingleOrDefault<SessionRow>(
            """
            SELECT token_hash AS TokenHash, family_id AS FamilyId, user_id AS UserId, created_at AS CreatedAt,
                   expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
            FROM refresh_sessions WHERE token_hash = @tokenHash
            """,
            new { tokenHash });
        return Task.FromResult(row?.ToRecord());
    }

    public Task<bool> RotateAsync(byte[] oldTokenHash, RefreshSession next, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            var marked = connection.Execute(
                "UPDATE refresh_sessions SET used_at = @at WHERE token_hash = @oldTokenHash AND used_at IS NULL AND revoked_at IS NULL",
                new { oldTokenHash, at = Ms(at) },
                transaction);
            if (marked == 0)
            {
                return false;
            }

            InsertSession(connection, transaction, next);
            return true;
        }, ct);

    public Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            connection.Execute(
                "UPDATE refresh_sessions SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL",
                new { familyId = familyId.ToString(), at = Ms(at) },
                transaction), ct);

    public Task<IReadOnlyList<RevokedFamily>> RevokedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        using var connection = database.Open();
        var rows = connection.Query<(string FamilyId, long RevokedAt)>(
            """
            SELECT family_id AS FamilyId, MAX(revoked_at) AS RevokedAt FROM refresh_sessions
            WHERE revoked_at > @since GROUP BY family_id ORDER BY MAX(revoked_at) LIMIT @limit
            """,
            new { since = Ms(since), limit });
        return Task.FromResult<IReadOnlyList<RevokedFamily>>(
            [.. rows.Select(r => new RevokedFamily(Guid.Parse(r.FamilyId), DateTimeOffset.FromUnixTimeMilliseconds(r.RevokedAt)))]);
    }

    // ---- health ----

    public Task<StoreHealthReport> CheckAsync(CancellationToken ct)
    {
        try
        {
            using var connection = database.Open();
            var version = connection.ExecuteScalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
            return Task.FromResult(new StoreHealthReport(true, version, SqliteSchema.ExpectedVersion, null));
        }
        catch (SqliteException e)
        {
            return Task.FromResult(new StoreHealthReport(false, 0, SqliteSchema.ExpectedVersion, e.Message));
        }
    }

    // ---- plumbing ----

    private Task<IReadOnlyList<UserSummary>> QuerySummaries(string sql, long userId, long? before, int limit)
    {
        using var connection = database.Open();
        var rows = connection.Query<UserSummary>(sql, new { userId, before = before ?? long.MaxValue, limit });
        return Task.FromResult<IReadOnlyList<UserSummary>>(rows.AsList());
    }

    private static FollowChange Change(SqliteConnection connection, SqliteTransaction transaction, bool changed, long followerId, long followeeId)
    {
        var followee = QueryUser(connection, transaction, followeeId);
        return changed
            ? new FollowChange(true, followee?.Followers ?? 0, QueryUser(connection, transaction, followerId), followee)
            : new FollowChange(false, followee?.Followers ?? 0);
    }

    private static UserRecord? QueryUser(SqliteConnection connection, SqliteTransaction transaction, long id) =>
        connection.QuerySingleOrDefault<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, transaction)?.ToRecord();

    private static PostRecord? QueryPost(SqliteConnection connection, SqliteTransaction? transaction, long id) =>
        connection.QuerySingleOrDefault<PostRow>(
            $"SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = @id", new { id }, transaction)?.ToRecord();

    private static int InsertSession(SqliteConnection connection, SqliteTransaction transaction, RefreshSession s) =>
        connection.Execute(
            """
            INSERT INTO refresh_sessions (token_hash, family_id, user_id, created_at, expires_at)
            VALUES (@TokenHash, @family, @UserId, @created, @expires)
            """,
            new { s.TokenHash, family = s.FamilyId.ToString(), s.UserId, created = Ms(s.CreatedAt), expires = Ms(s.ExpiresAt) },
            transaction);

    internal static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed record UserRow(long Id, string Username, string DisplayName, string Bio, long Followers, long Following, long Posts, long CreatedAtMs)
    {
        public UserRecord ToRecord() => new(Id, Username, DisplayName, Bio, (int)Followers, (int)Following, (int)Posts, FromMs(CreatedAtMs));
    }

    private sealed record PostRow(long Id, long AuthorId, string Author, string Text, long CreatedAtMs)
    {
        public PostRecord ToRecord() => new(Id, AuthorId, Author, Text, FromMs(CreatedAtMs));
    }

    private sealed record SessionRow(byte[] TokenHash, string FamilyId, long UserId, long CreatedAt, long ExpiresAt, long? UsedAt, long? RevokedAt)
    {
        public RefreshSession ToRecord() => new(
            TokenHash, Guid.Parse(FamilyId), UserId, FromMs(CreatedAt), FromMs(ExpiresAt),
            UsedAt is { } u ? FromMs(u) : null, RevokedAt is { } r ? FromMs(r) : null);
    }

    private sealed record IdempotencyRow(long PostId, string Fingerprint);
}
