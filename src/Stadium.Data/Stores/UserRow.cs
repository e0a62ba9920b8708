using System.Data.Common;
using Dapper;

namespace Stadium.Data.Stores;

/// <summary>A users row as Dapper reads it on any engine (integer widths differ; properties take either).</summary>
internal sealed class UserRow
{
    public const string Columns =
        "id AS Id, username AS Username, display_name AS DisplayName, bio AS Bio, followers_count AS Followers, " +
        "following_count AS Following, posts_count AS Posts, created_at AS CreatedAtMs";

    public long Id { get; init; }

    public string Username { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public string Bio { get; init; } = "";

    public int Followers { get; init; }

    public int Following { get; init; }

    public int Posts { get; init; }

    public long CreatedAtMs { get; init; }

    /// <summary>One user as <paramref name="transaction"/> sees it (a write's own result, read in its transaction).</summary>
    public static async Task<UserRecord?> ReadAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken ct) =>
        (await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, transaction, cancellationToken: ct)))?.ToRecord();

    public UserRecord ToRecord() =>
        new(Id, Username, DisplayName, Bio, Followers, Following, Posts, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAtMs));
}
