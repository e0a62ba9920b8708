using System.Data.Common;
using Dapper;

namespace Stadium.Data.Stores;

/// <summary>Posts, with the author's counter kept in the same transaction and idempotent creation under a client key.</summary>
internal sealed class PostStore(IDatabase database, SqlDialect dialect) : IPostStore
{
    public Task<PostCreateResult> CreatePostAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct) =>
        dialect.WritableCtes ? CreateInOneStatementAsync(authorId, text, at, key, ct) : CreateInTransactionAsync(authorId, text, at, key, ct);

    public Task<PostRecord?> GetPostAsync(long id, CancellationToken ct) =>
        database.ReadAsync(connection => ReadPostAsync(connection, null, id, ct), ct);

    public async Task<IReadOnlyList<PostRecord>> GetPostsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await database.ReadAsync(connection => ReadPostsAsync(connection, ids, ct), ct);

    public async Task<IReadOnlyList<PostRecord>> GetPostsUpToDateAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await database.ReadUpToDateAsync(connection => ReadPostsAsync(connection, ids, ct), ct);

    public Task<DeleteOutcome> DeletePostAsync(long id, long requesterId, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var author = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT author_id FROM posts WHERE id = @id{dialect.ForUpdate}", new { id }, transaction, cancellationToken: ct));
            if (author is null)
            {
                return DeleteOutcome.NotFound;
            }

            if (author != requesterId)
            {
                return DeleteOutcome.Forbidden;
            }

            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM posts WHERE id = @id", new { id }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET posts_count = posts_count - 1 WHERE id = @requesterId", new { requesterId }, transaction, cancellationToken: ct));
            return DeleteOutcome.Deleted;
        }, ct);

    public Task<IReadOnlyList<PostRecord>> GetUserPostsAsync(long authorId, long? before, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<PostRecord>>(async connection => (await connection.QueryAsync<PostRow>(new CommandDefinition(
            $"{PostRow.Select} WHERE p.author_id = @authorId AND p.id < @before ORDER BY p.id DESC LIMIT @limit",
            new { authorId, before = before ?? long.MaxValue, limit }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList(), ct);

    // Builds a cached timeline: a lagging replica's answer would stay cached without the posts it missed.
    public Task<IReadOnlyList<long>> GetRecentPostIdsAsync(long authorId, int limit, CancellationToken ct) =>
        database.ReadUpToDateAsync<IReadOnlyList<long>>(async connection => (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM posts WHERE author_id = @authorId ORDER BY id DESC LIMIT @limit", new { authorId, limit }, cancellationToken: ct))).AsList(), ct);

    /// <summary>
    /// One statement, so one round trip and its own transaction: the key is claimed first (a concurrent request holding it
    /// makes the claim wait for that commit and then insert nothing, so no post is written twice), the post is inserted
    /// under the id the claim recorded, and the author's counter moves, all or nothing. An expired key still in the table
    /// is claimed over (the conflict's WHERE re-checks the row after any concurrent claim committed, so of two requests
    /// reusing an expired key one creates and the other replays it).
    /// </summary>
    private async Task<PostCreateResult> CreateInOneStatementAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct)
    {
        var row = await database.WriteStatementAsync(connection => connection.QuerySingleOrDefaultAsync<CreatedPostRow>(new CommandDefinition(
            $"""
            WITH next AS (SELECT nextval(pg_get_serial_sequence('posts', 'id')) AS id),
            claim AS (
                INSERT INTO idempotency_keys (user_id, key, fingerprint, post_id, created_at)
                SELECT @authorId, @key, @fingerprint, id, @at FROM next WHERE @key::text IS NOT NULL
                ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, post_id = EXCLUDED.post_id, created_at = EXCLUDED.created_at
                WHERE idempotency_keys.created_at < @expiredBefore
                RETURNING post_id),
            post AS (
                INSERT INTO posts (id, author_id, text, created_at)
                SELECT id, @authorId, @text, @at FROM next WHERE @key::text IS NULL OR EXISTS (SELECT 1 FROM claim)
                RETURNING id),
            author AS (
                UPDATE users SET posts_count = posts_count + 1 WHERE id = @authorId AND EXISTS (SELECT 1 FROM post)
                RETURNING {UserRow.Columns})
            SELECT post.id AS PostId, author.* FROM post LEFT JOIN author ON true
            """,
            new { authorId, key = key?.Key, fingerprint = key?.RequestFingerprint, expiredBefore = key?.ExpiredBeforeMs(at) ?? 0, text, at = Ms.Of(at) },
            cancellationToken: ct)), ct);

        if (row is not null)
        {
            // Built from what was written: reading the post back would cost another round trip.
            var author = row.Id is null ? null : new UserRecord(
                row.Id.Value, row.Username!, row.DisplayName!, row.Bio!, row.Followers!.Value, row.Following!.Value, row.Posts!.Value, Ms.From(row.CreatedAtMs!.Value));
            var post = new PostRecord(row.PostId, authorId, author?.Username ?? "", text, Ms.From(Ms.Of(at)));
            return new PostCreateResult(PostCreateOutcome.Created, post, author);
        }

        // The key was claimed by an earlier request: answer as it was answered.
        return await database.ReadPrimaryAsync(async connection =>
        {
            var earlier = await connection.QuerySingleAsync<IdempotencyRow>(new CommandDefinition(IdempotencyRow.Select, new { authorId, key!.Key }, cancellationToken: ct));
            return earlier.Fingerprint != key.RequestFingerprint
                ? new PostCreateResult(PostCreateOutcome.KeyReusedWithDifferentRequest, null)
                : new PostCreateResult(PostCreateOutcome.Replayed, await ReadPostAsync(connection, null, earlier.PostId, ct));
        }, ct);
    }

    /// <summary>The key check, the insert and the counter in one transaction; writers are serialised by the engine's single writer.</summary>
    private Task<PostCreateResult> CreateInTransactionAsync(long authorId, string text, DateTimeOffset at, IdempotencyKey? key, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (key is not null)
            {
                var earlier = await connection.QuerySingleOrDefaultAsync<IdempotencyRow>(new CommandDefinition(
                    IdempotencyRow.Select, new { authorId, key.Key }, transaction, cancellationToken: ct));
                // An expired key answers nothing: the request is new, and the insert below claims the key over.
                if (earlier is not null && earlier.CreatedAtMs >= key.ExpiredBeforeMs(at))
                {
                    return earlier.Fingerprint != key.RequestFingerprint
                        ? new PostCreateResult(PostCreateOutcome.KeyReusedWithDifferentRequest, null)
                        : new PostCreateResult(PostCreateOutcome.Replayed, await ReadPostAsync(connection, transaction, earlier.PostId, ct));
                }
            }

            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO posts (author_id, text, created_at) VALUES (@authorId, @text, @at) RETURNING id",
                new { authorId, text, at = Ms.Of(at) }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET posts_count = posts_count + 1 WHERE id = @authorId", new { authorId }, transaction, cancellationToken: ct));
            if (key is not null)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO idempotency_keys (user_id, key, fingerprint, post_id, created_at) VALUES (@authorId, @Key, @RequestFingerprint, @id, @at)
                    ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, post_id = excluded.post_id, created_at = excluded.created_at
                    """,
                    new { authorId, key.Key, key.RequestFingerprint, id, at = Ms.Of(at) }, transaction, cancellationToken: ct));
            }

            return new PostCreateResult(
                PostCreateOutcome.Created, await ReadPostAsync(connection, transaction, id, ct), await UserRow.ReadAsync(connection, transaction, authorId, ct));
        }, ct);

    private async Task<IReadOnlyList<PostRecord>> ReadPostsAsync(DbConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        (await connection.QueryAsync<PostRow>(new CommandDefinition(
            $"{PostRow.Select} WHERE p.id {dialect.InIds}", new { ids = ids.ToArray() }, cancellationToken: ct)))
        .Select(r => r.ToRecord()).ToList();

    private static async Task<PostRecord?> ReadPostAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<PostRow>(new CommandDefinition(
            $"{PostRow.Select} WHERE p.id = @id", new { id }, transaction, cancellationToken: ct)))?.ToRecord();
}
