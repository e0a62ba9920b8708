using Dapper;
using Npgsql;

namespace Stadium.Data.Postgres;

/// <summary>
/// The scale-out store: writes and security-sensitive reads (credentials, refresh sessions) on the
/// primary, every other read routed by <see cref="PostgresDatabase"/> to a fresh-enough replica.
/// </summary>
public sealed class PostgresStore(PostgresDatabase database) : IUserStore, IPostStore, IFollowStore, ISessionStore, IStoreHealth
{
    private const string UserColumns =
        "id AS Id, username AS Username, display_name AS DisplayName, bio AS Bio, followers_count AS Followers, " +
        "following_count AS Following, posts_count AS Posts, created_at AS CreatedAtMs";

    private const string PostColumns =
        "p.id AS Id, p.author_id AS AuthorId, u.username AS Author, p.text AS Text, p.created_at AS CreatedAtMs";

    // ---- users ----

    public Task<long?> CreateUserAsync(NewUser user, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteScalarAsync<long?>(
            """
            INSERT INTO users (username, email, password_hash, created_at) VALUES (@Username, @Email, @PasswordHash, @at)
            ON CONFLICT ((lower(username))) DO NOTHING
            RETURNING id
            """,
            new { user.Username, user.Email, user.PasswordHash, at = Ms(user.CreatedAt) }, transaction), ct);

    public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken ct) =>
        database.ReadAsync(async connection => (await connection.QuerySingleOrDefaultAsync<UserRow>(
            $"SELECT {UserColumns} FROM users WHERE lower(username) = lower(@username)", new { username }))?.ToRecord(), ct);

    public Task<UserRecord?> FindByIdAsync(long id, CancellationToken ct) =>
        database.ReadAsync(async connection =>
            (await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }))?.ToRecord(), ct);

    public async Task<Credentials?> GetCredentialsAsync(string username, CancellationToken ct)
    {
        // Primary: a login right after registering must find the account, whoever's replica lags.
        await using var connection = await database.OpenPrimaryAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<Credentials>(
            "SELECT id AS UserId, username AS Username, password_hash AS PasswordHash FROM users WHERE lower(username) = lower(@username)",
            new { username });
    }

    public Task UpdatePasswordHashAsync(long userId, string passwordHash, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("UPDATE users SET password_hash = @passwordHash WHERE id = @userId", new { userId, passwordHash }, transaction), ct);

    public Task<UserRecord?> UpdateProfileAsync(long userId, string? displayName, string? bio, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) => (await connection.QuerySingleOrDefaultAsync<UserRow>(
            $"""
            UPDATE users SET display_name = COALESCE(@displayName, display_name), bio = COALESCE(@bio, bio)
            WHERE id = @userId RETURNING {UserColumns}
            """,
            new { userId, displayName, bio }, transaction))?.ToRecord(), ct);

    // ---- posts ----

    public async Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct)
    {
        // One statement, so one round trip and its own transaction: the key is claimed first (a concurrent request
        // holding it makes the claim wait for that commit and then insert nothing, so no post is written twice),
        // the post is inserted under the id the claim recorded, and the author's counter moves, all or nothing.
        var row = await database.WriteStatementAsync(connection => connection.QuerySingleOrDefaultAsync<CreatedPostRow>(new CommandDefinition(
            $"""
            WITH next AS (SELECT nextval(pg_get_serial_sequence('posts', 'id')) AS id),
            claim AS (
                INSERT INTO idempotency_keys (user_id, key, fingerprint, post_id, created_at)
                SELECT @authorId, @key, @fingerprint, id, @at FROM next WHERE @key::text IS NOT NULL
                ON CONFLICT DO NOTHING RETURNING post_id),
            post AS (
                INSERT INTO posts (id, author_id, text, created_at)
                SELECT id, @authorId, @text, @at FROM next WHERE @key::text IS NULL OR EXISTS (SELECT 1 FROM claim)
                RETURNING id),
            author AS (
                UPDATE users SET posts_count = posts_count + 1 WHERE id = @authorId AND EXISTS (SELECT 1 FROM post)
                RETURNING {UserColumns})
            SELECT post.id AS PostId, author.* FROM post LEFT JOIN author ON true
            """,
            new { authorId, key = key?.Key, fingerprint = key?.RequestFingerprint, text, at = Ms(at) },
            cancellationToken: ct)), ct);

        if (row is not null)
        {
            // Built from what was written: reading the post back would cost another round trip.
            var author = row.Id is null ? null : new UserRow(
                row.Id.Value, row.Username!, row.DisplayName!, row.Bio!, row.Followers!.Value, row.Following!.Value, row.Posts!.Value, row.CreatedAtMs!.Value).ToRecord();
            var post = new PostRecord(row.PostId, authorId, author?.Username ?? "", text, FromMs(Ms(at)));
            return new PostCreateResult(PostCreateOutcome.Created, post, author);
        }

        await using var primary = await database.OpenPrimaryAsync(ct);
        var earlier = await primary.QuerySingleAsync<IdempotencyRow>(
            "SELECT post_id AS PostId, fingerprint AS Fingerprint FROM idempotency_keys WHERE user_id = @authorId AND key = @Key",
            new { authorId, key!.Key });
        return earlier.Fingerprint != key.RequestFingerprint
            ? new PostCreateResult(PostCreateOutcome.KeyReusedWithDifferentRequest, null)
            : new PostCreateResult(PostCreateOutcome.Replayed, await QueryPostAsync(primary, earlier.PostId, null));
    }

    public Task<PostRecord?> GetPostAsync(long id, CancellationToken ct) =>
        database.ReadAsync(connection => QueryPostAsync(connection, id, null), ct);

    public async Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        return await database.ReadAsync(connection => QueryPostsAsync(connection, ids), ct);
    }

    public async Task<IReadOnlyList<PostRecord>> GetPostsUpToDateAsync(IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        return await database.ReadUpToDateAsync(connection => QueryPostsAsync(connection, ids), ct);
    }

    private static async Task<IReadOnlyList<PostRecord>> QueryPostsAsync(NpgsqlConnection connection, IReadOnlyCollection<long> ids) =>
        (await connection.QueryAsync<PostRow>(
            $"SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ANY(@ids)", new { ids = ids.ToArray() }))
        .Select(r => r.ToRecord()).ToList();

    public Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var author = await connection.ExecuteScalarAsync<long?>("SELECT author_id FROM posts WHERE id = @id FOR UPDATE", new { id }, transaction);
            if (author is null)
            {
                return DeleteOutcome.NotFound;
            }

            if (author != requesterId)
            {
                return DeleteOutcome.Forbidden;
            }

            await connection.ExecuteAsync("DELETE FROM posts WHERE id = @id", new { id }, transaction);
            await connection.ExecuteAsync("UPDATE users SET posts_count = posts_count - 1 WHERE id = @requesterId", new { requesterId }, transaction);
            return DeleteOutcome.Deleted;
        }, ct);

    public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<PostRecord>>(async connection => (await connection.QueryAsync<PostRow>(
            $"""
            SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id
            WHERE p.author_id = @authorId AND p.id < @before ORDER BY p.id DESC LIMIT @limit
            """,
            new { authorId, before = before ?? long.MaxValue, limit })).Select(r => r.ToRecord()).ToList(), ct);

    // Builds a cached timeline: a lagging replica's answer would stay cached without the posts it missed.
    public Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct) =>
        database.ReadUpToDateAsync<IReadOnlyList<long>>(async connection => (await connection.QueryAsync<long>(
            "SELECT id FROM posts WHERE author_id = @authorId ORDER BY id DESC LIMIT @limit", new { authorId, limit })).AsList(), ct);

    // ---- follows ----

    public Task<FollowChange> FollowAsync(long followerId, long followeeId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(
                "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@followerId, @followeeId, @at) ON CONFLICT DO NOTHING",
                new { followerId, followeeId, at = Ms(at) }, transaction);
            if (inserted > 0)
            {
                await connection.ExecuteAsync("UPDATE users SET following_count = following_count + 1 WHERE id = @followerId", new { followerId }, transaction);
                await connection.ExecuteAsync("UPDATE users SET followers_count = followers_count + 1 WHERE id = @followeeId", new { followeeId }, transaction);
            }

            return await ChangeAsync(connection, transaction, inserted > 0, followerId, followeeId);
        }, ct);

    public Task<FollowChange> UnfollowAsync(long followerId, long followeeId, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(
                "DELETE FROM follows WHERE follower_id = @followerId AND followee_id = @followeeId", new { followerId, followeeId }, transaction);
            if (deleted > 0)
            {
                await connection.ExecuteAsync("UPDATE users SET following_count = following_count - 1 WHERE id = @followerId", new { followerId }, transaction);
                await connection.ExecuteAsync("UPDATE users SET followers_count = followers_count - 1 WHERE id = @followeeId", new { followeeId }, transaction);
            }

            return await ChangeAsync(connection, transaction, deleted > 0, followerId, followeeId);
        }, ct);

    public Task<IReadOnlyList<UserSummary>> GetFollowersAsync(long userId, long? before, int limit, CancellationToken ct) =>
        QuerySummariesAsync(
            """
            SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName
            FROM follows f JOIN users u ON u.id = f.follower_id
            WHERE f.followee_id = @userId AND f.follower_id < @before ORDER BY f.follower_id DESC LIMIT @limit
            """, userId, before, limit, ct);

    public Task<IReadOnlyList<UserSummary>> GetFollowingAsync(long userId, long? before, int limit, CancellationToken ct) =>
        QuerySummariesAsync(
            """
            SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName
            FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND f.followee_id < @before ORDER BY f.followee_id DESC LIMIT @limit
            """, userId, before, limit, ct);

    // Up to date, not merely the author's own writes: someone who followed a moment ago must get this post,
    // and a replica that has not replayed their follow would leave them out of the fan-out for good.
    public Task<IReadOnlyList<long>> GetFollowerIdsAsync(long userId, CancellationToken ct) =>
        database.ReadUpToDateAsync<IReadOnlyList<long>>(async connection =>
            (await connection.QueryAsync<long>("SELECT follower_id FROM follows WHERE followee_id = @userId", new { userId })).AsList(), ct);

    public Task<IReadOnlyList<long>> GetFollowedCelebritiesAsync(long userId, int followerThreshold, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<long>>(async connection => (await connection.QueryAsync<long>(
            """
            SELECT f.followee_id FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND u.followers_count > @followerThreshold
            """, new { userId, followerThreshold })).AsList(), ct);

    // Builds a cached timeline (see GetRecentPostIdsAsync): up to date, whoever reads. LATERAL takes each
    // author's newest posts from the (author_id, id) index: cost follows x limit, never the authors' whole histories.
    public Task<IReadOnlyList<long>> GetHomeTimelineSeedAsync(long userId, int followerThreshold, int limit, CancellationToken ct) =>
        database.ReadUpToDateAsync<IReadOnlyList<long>>(async connection => (await connection.QueryAsync<long>(
            """
            SELECT p.id FROM (
                SELECT f.followee_id AS author FROM follows f JOIN users u ON u.id = f.followee_id
                WHERE f.follower_id = @userId AND u.followers_count <= @followerThreshold
                UNION SELECT @userId) a
            CROSS JOIN LATERAL (SELECT id FROM posts WHERE author_id = a.author ORDER BY id DESC LIMIT @limit) p
            ORDER BY p.id DESC LIMIT @limit
            """, new { userId, followerThreshold, limit })).AsList(), ct);

    // ---- refresh sessions (primary only: rotation state must never be read stale) ----

    public Task CreateAsync(RefreshSession session, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => InsertSessionAsync(connection, transaction, session), ct);

    public async Task<RefreshSession?> FindAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var connection = await database.OpenPrimaryAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SessionRow>(
            """
            SELECT token_hash AS TokenHash, family_id AS FamilyId, user_id AS UserId, created_at AS CreatedAt,
                   expires_at AS ExpiresAt, used_at AS UsedAt, revoked_at AS RevokedAt
            FROM refresh_sessions WHERE token_hash = @tokenHash
            """, new { tokenHash });
        return row?.ToRecord();
    }

    public Task<bool> RotateAsync(byte[] oldTokenHash, RefreshSession next, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var marked = await connection.ExecuteAsync(
                "UPDATE refresh_sessions SET used_at = @at WHERE token_hash = @oldTokenHash AND used_at IS NULL AND revoked_at IS NULL",
                new { oldTokenHash, at = Ms(at) }, transaction);
            if (marked == 0)
            {
                return false;
            }

            await InsertSessionAsync(connection, transaction, next);
            return true;
        }, ct);

    public Task RevokeFamilyAsync(Guid familyId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "UPDATE refresh_sessions SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL",
            new { familyId, at = Ms(at) }, transaction), ct);

    public async Task<IReadOnlyList<RevokedFamily>> RevokedSinceAsync(DateTimeOffset since, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenPrimaryAsync(ct);
        var rows = await connection.QueryAsync<(Guid FamilyId, long RevokedAt)>(
            """
            SELECT family_id AS FamilyId, MAX(revoked_at) AS RevokedAt FROM refresh_sessions
            WHERE revoked_at > @since GROUP BY family_id ORDER BY MAX(revoked_at) LIMIT @limit
            """,
            new { since = Ms(since), limit });
        return [.. rows.Select(r => new RevokedFamily(r.FamilyId, DateTimeOffset.FromUnixTimeMilliseconds(r.RevokedAt)))];
    }

    // ---- health ----

    /// <summary>
    /// Reachable through the primary; or, while the primary does not answer, through a replica, as degraded: the node
    /// still serves reads, so it stays in its load balancer's rotation (every node shares the primary, and taking all
    /// of them out would turn a write outage into a whole one).
    /// </summary>
    public async Task<StoreHealthReport> CheckAsync(CancellationToken ct)
    {
        var primaryFailure = "the primary is not answering its monitor";
        if (database.PrimaryAnswering || database.Replicas.Count == 0)
        {
            try
            {
                return new StoreHealthReport(true, await SchemaVersionAsync(database.Primary, ct), PostgresSchema.ExpectedVersion, null);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                primaryFailure = e.Message;
            }
        }

        foreach (var replica in database.Replicas.Where(r => r.Healthy))
        {
            try
            {
                return new StoreHealthReport(true, await SchemaVersionAsync(replica.Source, ct), PostgresSchema.ExpectedVersion, null,
                    $"Primary unreachable ({primaryFailure}): reads are served by {replica.Name}, writes fail.");
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The next replica, if any.
            }
        }

        return new StoreHealthReport(false, 0, PostgresSchema.ExpectedVersion, primaryFailure);
    }

    private static async Task<int> SchemaVersionAsync(NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: ct));
    }

    // ---- plumbing ----

    private Task<IReadOnlyList<UserSummary>> QuerySummariesAsync(string sql, long userId, long? before, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<UserSummary>>(async connection =>
            (await connection.QueryAsync<UserSummary>(sql, new { userId, before = before ?? long.MaxValue, limit })).AsList(), ct);

    private static async Task<PostRecord?> QueryPostAsync(NpgsqlConnection connection, long id, NpgsqlTransaction? transaction) =>
        (await connection.QuerySingleOrDefaultAsync<PostRow>(
            $"SELECT {PostColumns} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = @id", new { id }, transaction))?.ToRecord();

    private static async Task<FollowChange> ChangeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool changed, long followerId, long followeeId)
    {
        var followee = await QueryUserAsync(connection, transaction, followeeId);
        return changed
            ? new FollowChange(true, followee?.Followers ?? 0, await QueryUserAsync(connection, transaction, followerId), followee)
            : new FollowChange(false, followee?.Followers ?? 0);
    }

    private static async Task<UserRecord?> QueryUserAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {UserColumns} FROM users WHERE id = @id", new { id }, transaction))?.ToRecord();

    private static Task<int> InsertSessionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RefreshSession s) =>
        connection.ExecuteAsync(
            """
            INSERT INTO refresh_sessions (token_hash, family_id, user_id, created_at, expires_at)
            VALUES (@TokenHash, @FamilyId, @UserId, @created, @expires)
            """,
            new { s.TokenHash, s.FamilyId, s.UserId, created = Ms(s.CreatedAt), expires = Ms(s.ExpiresAt) }, transaction);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private sealed record UserRow(long Id, string Username, string DisplayName, string Bio, int Followers, int Following, int Posts, long CreatedAtMs)
    {
        public UserRecord ToRecord() => new(Id, Username, DisplayName, Bio, Followers, Following, Posts, FromMs(CreatedAtMs));
    }

    private sealed record PostRow(long Id, long AuthorId, string Author, string Text, long CreatedAtMs)
    {
        public PostRecord ToRecord() => new(Id, AuthorId, Author, Text, FromMs(CreatedAtMs));
    }

    private sealed record SessionRow(byte[] TokenHash, Guid FamilyId, long UserId, long CreatedAt, long ExpiresAt, long? UsedAt, long? RevokedAt)
    {
        public RefreshSession ToRecord() => new(
            TokenHash, FamilyId, UserId, FromMs(CreatedAt), FromMs(ExpiresAt), UsedAt is { } u ? FromMs(u) : null, RevokedAt is { } r ? FromMs(r) : null);
    }

    private sealed record IdempotencyRow(long PostId, string Fingerprint);

    /// <summary>The new post's id and the author's row as the insert left it (null columns when the author is missing).</summary>
    private sealed record CreatedPostRow(
        long PostId, long? Id, string? Username, string? DisplayName, string? Bio, int? Followers, int? Following, int? Posts, long? CreatedAtMs);
}
