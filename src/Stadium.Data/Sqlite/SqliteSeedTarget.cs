using Dapper;
using Microsoft.Data.Sqlite;
using Stadium.Data.Seeding;

namespace Stadium.Data.Sqlite;

/// <summary>SQLite bulk load: one prepared insert per table, committed every 250,000 rows, indexes built after.</summary>
internal sealed class SqliteSeedTarget(SqliteDatabase database) : ISeedTarget
{
    private const int BatchRows = 250_000;
    private SqliteConnection? _connection;

    private SqliteConnection Connection => _connection ??= database.Open();

    public int? SeededUsers() => SeedInfo.SeededUsers(Connection);

    public long CountUsers() => SeedInfo.Count(Connection, "users");

    public long CountPosts() => SeedInfo.Count(Connection, "posts");

    public bool SeedInterrupted() => SeedInfo.Interrupted(Connection);

    public void DiscardInterruptedSeed()
    {
        using var transaction = Connection.BeginTransaction();
        // Unfiltered DELETEs are SQLite's truncate; posts are AUTOINCREMENT, so their counter is reset too.
        Connection.Execute(
            "DELETE FROM follows; DELETE FROM posts; DELETE FROM users; DELETE FROM sqlite_sequence WHERE name = 'posts'; DELETE FROM seed_info WHERE key = 'started';",
            transaction: transaction);
        transaction.Commit();
    }

    public void BeginBulkLoad()
    {
        SeedInfo.MarkStarted(Connection);
        Connection.Execute("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        foreach (var index in SqliteSchema.SecondaryIndexNames)
        {
            Connection.Execute($"DROP INDEX IF EXISTS {index}");
        }
    }

    public ISeedRows<(long Follower, long Followee, long At)> Follows() =>
        new Batch<(long Follower, long Followee, long At)>(Connection, "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($a, $b, $c)", 3,
            (row, p) => { p[0].Value = row.Follower; p[1].Value = row.Followee; p[2].Value = row.At; });

    public ISeedRows<(long Author, string Text, long At)> Posts() =>
        new Batch<(long Author, string Text, long At)>(Connection, "INSERT INTO posts (author_id, text, created_at) VALUES ($a, $b, $c)", 3,
            (row, p) => { p[0].Value = row.Author; p[1].Value = row.Text; p[2].Value = row.At; });

    public ISeedRows<SeedUser> Users() =>
        new Batch<SeedUser>(
            Connection,
            """
            INSERT INTO users (id, username, email, password_hash, display_name, bio, followers_count, following_count, posts_count, created_at)
            VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j)
            """,
            10,
            (u, p) =>
            {
                p[0].Value = u.Id; p[1].Value = u.Username; p[2].Value = u.Email; p[3].Value = u.PasswordHash; p[4].Value = u.DisplayName;
                p[5].Value = u.Bio; p[6].Value = u.Followers; p[7].Value = u.Following; p[8].Value = u.Posts; p[9].Value = u.CreatedAt;
            });

    public void EndBulkLoad(int users)
    {
        foreach (var index in SqliteSchema.SecondaryIndexes)
        {
            Connection.Execute(index, commandTimeout: 0);
        }

        Connection.Execute("PRAGMA analysis_limit=1000; ANALYZE;");
        Connection.Execute("INSERT INTO seed_info (key, value) VALUES ('users', @users)", new { users = users.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    public void Dispose() => _connection?.Dispose();

    private sealed class Batch<T> : ISeedRows<T>
    {
        private static readonly string[] Names = ["$a", "$b", "$c", "$d", "$e", "$f", "$g", "$h", "$i", "$j"];
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;
        private readonly Action<T, SqliteParameter[]> _bind;
        private SqliteTransaction _transaction;
        private int _pending;

        public Batch(SqliteConnection connection, string sql, int parameterCount, Action<T, SqliteParameter[]> bind)
        {
            _connection = connection;
            _bind = bind;
            _transaction = connection.BeginTransaction();
            _command = connection.CreateCommand();
            _command.CommandText = sql;
            _command.Transaction = _transaction;
            _parameters = new SqliteParameter[parameterCount];
            for (var i = 0; i < parameterCount; i++)
            {
                // No declared type: each value binds as what it is (integer or text).
                _parameters[i] = _command.CreateParameter();
                _parameters[i].ParameterName = Names[i];
                _command.Parameters.Add(_parameters[i]);
            }

            _command.Prepare();
        }

        public void Add(T row)
        {
            _bind(row, _parameters);
            _command.ExecuteNonQuery();
            if (++_pending >= BatchRows)
            {
                _transaction.Commit();
                _transaction.Dispose();
                _transaction = _connection.BeginTransaction();
                _command.Transaction = _transaction;
                _pending = 0;
            }
        }

        public void Complete() => _transaction.Commit();

        public void Dispose()
        {
            _command.Dispose();
            _transaction.Dispose();
        }
    }
}
