using System.Data.Common;
using Dapper;

namespace Stadium.Data.Stores;

/// <summary>The follower graph, with both users' counters kept in the same transaction.</summary>
internal sealed class FollowStore(IDatabase database, SqlDialect dialect) : IFollowStore
{
    private const string Summary = "SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName";

    public Task<FollowChange> FollowAsync(long followerId, long followeeId, DateTimeOffset at, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var inserted = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (@followerId, @followeeId, @at) ON CONFLICT DO NOTHING",
                new { followerId, followeeId, at = Ms.Of(at) }, transaction, cancellationToken: ct));
            return await ChangeAsync(connection, transaction, inserted > 0, "+ 1", followerId, followeeId, ct);
        }, ct);

    public Task<FollowChange> UnfollowAsync(long followerId, long followeeId, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM follows WHERE follower_id = @followerId AND followee_id = @followeeId", new { followerId, followeeId }, transaction, cancellationToken: ct));
            return await ChangeAsync(connection, transaction, deleted > 0, "- 1", followerId, followeeId, ct);
        }, ct);

    public Task<IReadOnlyList<UserSummary>> GetFollowersAsync(long userId, long? before, int limit, CancellationToken ct) =>
        ReadSummariesAsync(
            $"""
            {Summary} FROM follows f JOIN users u ON u.id = f.follower_id
            WHERE f.followee_id = @userId AND f.follower_id < @before ORDER BY f.follower_id DESC LIMIT @limit
            """, userId, before, limit, ct);

    public Task<IReadOnlyList<UserSummary>> GetFollowingAsync(long userId, long? before, int limit, CancellationToken ct) =>
        ReadSummariesAsync(
            $"""
            {Summary} FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND f.followee_id < @before ORDER BY f.followee_id DESC LIMIT @limit
            """, userId, before, limit, ct);

    // Up to date, not merely the author's own writes: someone who followed a moment ago must get this post,
    // and a replica that has not replayed their follow would leave them out of the fan-out for good.
    public Task<IReadOnlyList<long>> GetFollowerIdsAsync(long userId, CancellationToken ct) =>
        database.ReadUpToDateAsync<IReadOnlyList<long>>(async connection =>
            (await connection.QueryAsync<long>(new CommandDefinition("SELECT follower_id FROM follows WHERE followee_id = @userId", new { userId }, cancellationToken: ct))).AsList(), ct);

    public Task<IReadOnlyList<long>> GetFollowedCelebritiesAsync(long userId, int followerThreshold, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<long>>(async connection => (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT f.followee_id FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND u.followers_count > @followerThreshold
            """, new { userId, followerThreshold }, cancellationToken: ct))).AsList(), ct);

    // Builds a cached timeline (see IPostStore.GetRecentPostIdsAsync): up to date, whoever reads. Either way each
    // author's newest posts come from the (author_id, id) index: cost follows x limit, never the authors' whole histories.
    public Task<IReadOnlyList<long>> GetHomeTimelineSeedAsync(long userId, int followerThreshold, int limit, CancellationToken ct) =>
        database.ReadUpToDateAsync(connection => dialect.LateralJoins
            ? ReadSeedInOneStatementAsync(connection, userId, followerThreshold, limit, ct)
            : ReadSeedPerAuthorAsync(connection, userId, followerThreshold, limit, ct), ct);

    private static async Task<IReadOnlyList<long>> ReadSeedInOneStatementAsync(DbConnection connection, long userId, int followerThreshold, int limit, CancellationToken ct) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT p.id FROM (
                SELECT f.followee_id AS author FROM follows f JOIN users u ON u.id = f.followee_id
                WHERE f.follower_id = @userId AND u.followers_count <= @followerThreshold
                UNION SELECT @userId) a
            CROSS JOIN LATERAL (SELECT id FROM posts WHERE author_id = a.author ORDER BY id DESC LIMIT @limit) p
            ORDER BY p.id DESC LIMIT @limit
            """, new { userId, followerThreshold, limit }, cancellationToken: ct))).AsList();

    /// <summary>One indexed range read per author on one prepared command, then a merge (no round trips to save in process).</summary>
    private static async Task<IReadOnlyList<long>> ReadSeedPerAuthorAsync(DbConnection connection, long userId, int followerThreshold, int limit, CancellationToken ct)
    {
        var authors = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT f.followee_id FROM follows f JOIN users u ON u.id = f.followee_id
            WHERE f.follower_id = @userId AND u.followers_count <= @followerThreshold
            """, new { userId, followerThreshold }, cancellationToken: ct))).AsList();
        authors.Add(userId);

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM posts WHERE author_id = @author ORDER BY id DESC LIMIT @limit";
        var author = command.CreateParameter();
        author.ParameterName = "@author";
        command.Parameters.Add(author);
        var limitParameter = command.CreateParameter();
        limitParameter.ParameterName = "@limit";
        limitParameter.Value = limit;
        command.Parameters.Add(limitParameter);
        var newest = new PriorityQueue<long, long>();
        foreach (var a in authors)
        {
            author.Value = a;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
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

        return result;
    }

    /// <summary>Moves both counters when the graph changed, and reads both rows as the write left them.</summary>
    private static async Task<FollowChange> ChangeAsync(DbConnection connection, DbTransaction transaction, bool changed, string step, long followerId, long followeeId, CancellationToken ct)
    {
        if (changed)
        {
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE users SET following_count = following_count {step} WHERE id = @followerId", new { followerId }, transaction, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE users SET followers_count = followers_count {step} WHERE id = @followeeId", new { followeeId }, transaction, cancellationToken: ct));
        }

        var followee = await UserRow.ReadAsync(connection, transaction, followeeId, ct);
        return changed
            ? new FollowChange(true, followee?.Followers ?? 0, await UserRow.ReadAsync(connection, transaction, followerId, ct), followee)
            : new FollowChange(false, followee?.Followers ?? 0);
    }

    private Task<IReadOnlyList<UserSummary>> ReadSummariesAsync(string sql, long userId, long? before, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<UserSummary>>(async connection =>
            (await connection.QueryAsync<UserSummary>(new CommandDefinition(sql, new { userId, before = before ?? long.MaxValue, limit }, cancellationToken: ct))).AsList(), ct);
}
