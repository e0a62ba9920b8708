using Dapper;
using Npgsql;
using NpgsqlTypes;
using Stadium.Data.Seeding;

namespace Stadium.Data.Postgres;

/// <summary>PostgreSQL bulk load through binary COPY on the primary; replicas receive it by streaming replication.</summary>
internal sealed class PostgresSeedTarget(NpgsqlDataSource primary) : ISeedTarget
{
    private NpgsqlConnection? _connection;

    private NpgsqlConnection Connection => _connection ??= primary.OpenConnection();

    public int? SeededUsers() => SeedInfo.SeededUsers(Connection);

    public long CountUsers() => SeedInfo.Count(Connection, "users");

    public long CountPosts() => SeedInfo.Count(Connection, "posts");

    public bool SeedInterrupted() => SeedInfo.Interrupted(Connection);

    public void DiscardInterruptedSeed() =>
        Connection.Execute("TRUNCATE follows, posts, users RESTART IDENTITY; DELETE FROM seed_info WHERE key = 'started';");

    public void BeginBulkLoad()
    {
        SeedInfo.MarkStarted(Connection);
        Connection.Execute("DROP INDEX IF EXISTS ix_posts_author; DROP INDEX IF EXISTS ix_follows_followee;");
        Connection.Execute("SET synchronous_commit = off; SET maintenance_work_mem = '256MB';");
    }

    public ISeedRows<(long Follower, long Followee, long At)> Follows() =>
        new Copy<(long Follower, long Followee, long At)>(Connection.BeginBinaryImport(
            "COPY follows (follower_id, followee_id, created_at) FROM STDIN (FORMAT BINARY)"), (w, r) =>
            {
                w.Write(r.Follower, NpgsqlDbType.Bigint);
                w.Write(r.Followee, NpgsqlDbType.Bigint);
                w.Write(r.At, NpgsqlDbType.Bigint);
            });

    public ISeedRows<(long Author, string Text, long At)> Posts() =>
        new Copy<(long Author, string Text, long At)>(Connection.BeginBinaryImport(
            "COPY posts (author_id, text, created_at) FROM STDIN (FORMAT BINARY)"), (w, r) =>
            {
                w.Write(r.Author, NpgsqlDbType.Bigint);
                w.Write(r.Text, NpgsqlDbType.Text);
                w.Write(r.At, NpgsqlDbType.Bigint);
            });

    public ISeedRows<SeedUser> Users() =>
        new Copy<SeedUser>(Connection.BeginBinaryImport(
            """
            COPY users (id, username, email, password_hash, display_name, bio, followers_count, following_count, posts_count, created_at)
            FROM STDIN (FORMAT BINARY)
            """), (w, u) =>
            {
                w.Write(u.Id, NpgsqlDbType.Bigint);
                w.Write(u.Username, NpgsqlDbType.Text);
                w.Write(u.Email, NpgsqlDbType.Text);
                w.Write(u.PasswordHash, NpgsqlDbType.Text);
                w.Write(u.DisplayName, NpgsqlDbType.Text);
                w.Write(u.Bio, NpgsqlDbType.Text);
                w.Write(u.Followers, NpgsqlDbType.Integer);
                w.Write(u.Following, NpgsqlDbType.Integer);
                w.Write(u.Posts, NpgsqlDbType.Integer);
                w.Write(u.CreatedAt, NpgsqlDbType.Bigint);
            });

    public void EndBulkLoad(int users)
    {
        foreach (var index in PostgresSchema.SecondaryIndexes)
        {
            Connection.Execute(index, commandTimeout: 0);
        }

        // Users were loaded with explicit ids: move the sequence past them so registrations continue at N+1.
        Connection.Execute("SELECT setval('users_id_seq', (SELECT MAX(id) FROM users))");
        Connection.Execute("ANALYZE users; ANALYZE posts; ANALYZE follows;", commandTimeout: 0);
        Connection.Execute("INSERT INTO seed_info (key, value) VALUES ('users', @users)", new { users = users.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public void Dispose() => _connection?.Dispose();

    private sealed class Copy<T>(NpgsqlBinaryImporter importer, Action<NpgsqlBinaryImporter, T> write) : ISeedRows<T>
    {
        public void Add(T row)
        {
            importer.StartRow();
            write(importer, row);
        }

        public void Complete() => importer.Complete();

        public void Dispose() => importer.Dispose();
    }
}
