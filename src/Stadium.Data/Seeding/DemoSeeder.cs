using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using Stadium.Data.Sqlite;

namespace Stadium.Data.Seeding;

/// <summary>
/// Bulk-loads the demo population into an empty SQLite store: Zipf follower graph, posts with varied
/// lengths, counters precomputed. Idempotent: a seeded store is left as it is.
/// </summary>
public static class DemoSeeder
{
    private const int BatchRows = 250_000;

    public static Task<SeedResult> SeedAsync(
        SqliteDatabase database, SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct) =>
        Task.Run(() => Seed(database, options, time, progress, ct), ct);

    /// <summary>The population size of an earlier seed, or null when the store was never seeded.</summary>
    public static int? SeededUsers(SqliteDatabase database)
    {
        using var connection = database.Open();
        var value = connection.ExecuteScalar<string?>("SELECT value FROM seed_info WHERE key = 'users'");
        return value is null ? null : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SeedResult Seed(SqliteDatabase database, SeedOptions options, TimeProvider time, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var connection = database.Open();
        var seeded = connection.ExecuteScalar<string?>("SELECT value FROM seed_info WHERE key = 'users'");
        if (seeded is not null)
        {
            var existing = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM posts");
            return new SeedResult(true, int.Parse(seeded, System.Globalization.CultureInfo.InvariantCulture), existing, -1, clock.Elapsed);
        }

        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM users") > 0)
        {
            throw new InvalidOperationException("The store already holds users that were not seeded; seed into an empty data folder.");
        }

        connection.Execute("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");
        foreach (var index in SqliteSchema.SecondaryIndexNames)
        {
            connection.Execute($"DROP INDEX IF EXISTS {index}");
        }

        var n = options.Users;
        var random = new Random(options.Seed);
        var followers = new int[n + 1];
        var following = new int[n + 1];
        var postCounts = new int[n + 1];
        var now = time.GetUtcNow();

        var follows = InsertFollows(connection, options, random, followers, following, now, progress, ct);
        var posts = InsertPosts(connection, options, random, postCounts, now, progress, ct);
        InsertUsers(connection, options, random, followers, following, postCounts, now, progress, ct);

        for (var i = 0; i < SqliteSchema.SecondaryIndexes.Length; i++)
        {
            progress?.Report(new SeedProgress("indexes", i, SqliteSchema.SecondaryIndexes.Length));
            connection.Execute(SqliteSchema.SecondaryIndexes[i], commandTimeout: 0);
        }

        progress?.Report(new SeedProgress("indexes", SqliteSchema.SecondaryIndexes.Length, SqliteSchema.SecondaryIndexes.Length));
        connection.Execute("PRAGMA analysis_limit=1000; ANALYZE;");
        connection.Execute("INSERT INTO seed_info (key, value) VALUES ('users', @n)", new { n = n.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        connection.Execute("PRAGMA wal_checkpoint(TRUNCATE)");
        return new SeedResult(false, n, posts, follows, clock.Elapsed);
    }

    private static long InsertFollows(
        SqliteConnection connection, SeedOptions options, Random random, int[] followers, int[] following,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var n = options.Users;
        if (n < 2)
        {
            return 0;
        }

        var popularity = new ZipfSampler(n, options.FollowExponent);
        var cap = Math.Min(n - 1, 2_000);
        var chosen = new HashSet<int>();
        var picks = new List<int>(cap);
        var at = SqliteStore.Ms(now.AddDays(-60));
        long total = 0;
        using var batch = new InsertBatch(connection, "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($a, $b, $c)", 3);
        for (var follower = 1; follower <= n; follower++)
        {
            ct.ThrowIfCancellationRequested();

            // Following counts are long-tailed too: most people follow a handful, a few follow thousands.
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var wanted = Math.Clamp((int)Math.Round(Math.Exp(Math.Log(options.MeanFollowing) - 0.5 + normal)), 1, cap);
            chosen.Clear();
            for (var attempt = 0; chosen.Count < wanted && attempt < wanted * 4; attempt++)
            {
                var followee = popularity.Sample(random);
                if (followee != follower)
                {
                    chosen.Add(followee);
                }
            }

            picks.Clear();
            picks.AddRange(chosen);
            picks.Sort();
            foreach (var followee in picks)
            {
                batch.Add(follower, followee, at);
                followers[followee]++;
            }

            following[follower] = picks.Count;
            total += picks.Count;
            if (follower % 10_000 == 0 || follower == n)
            {
                progress?.Report(new SeedProgress("follows", follower, n));
            }
        }

        batch.Complete();
        return total;
    }

    private static long InsertPosts(
        SqliteConnection connection, SeedOptions options, Random random, int[] postCounts,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        var total = (long)Math.Round(options.Users * options.PostsPerUser);
        var authors = new ZipfSampler(options.Users, options.PostingExponent);
        var texts = new PostTextGenerator(random);
        var start = now.AddDays(-30).ToUnixTimeMilliseconds();
        var step = Math.Max(1.0, TimeSpan.FromDays(30).TotalMilliseconds / Math.Max(1, total));
        using var batch = new InsertBatch(connection, "INSERT INTO posts (author_id, text, created_at) VALUES ($a, $b, $c)", 3);
        for (long i = 0; i < total; i++)
        {
            if (i % 100_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new SeedProgress("posts", i, total));
            }

            var author = authors.Sample(random);
            postCounts[author]++;
            batch.Add(author, texts.Next(), start + (long)(i * step));
        }

        batch.Complete();
        progress?.Report(new SeedProgress("posts", total, total));
        return total;
    }

    private static void InsertUsers(
        SqliteConnection connection, SeedOptions options, Random random, int[] followers, int[] following, int[] postCounts,
        DateTimeOffset now, IProgress<SeedProgress>? progress, CancellationToken ct)
    {
        string[] bios = ["", "Here for the match.", "Season ticket holder since 2009.", "Coffee, football, repeat.", "Opinions are my own."];
        var at = SqliteStore.Ms(now.AddDays(-90));
        using var batch = new InsertBatch(
            connection,
            """
            INSERT INTO users (id, username, email, password_hash, display_name, bio, followers_count, following_count, posts_count, created_at)
            VALUES ($a, $b, $c, $d, $e, $f, $g, $h, $i, $j)
            """,
            10);
        for (var id = 1; id <= options.Users; id++)
        {
            if (id % 50_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new SeedProgress("users", id, options.Users));
            }

            batch.Add(
                id, $"user{id}", $"user{id}@example.com", options.PasswordHash, $"User {id}", bios[random.Next(bios.Length)],
                followers[id], following[id], postCounts[id], at);
        }

        batch.Complete();
        progress?.Report(new SeedProgress("users", options.Users, options.Users));
    }

    /// <summary>One prepared insert reused for every row, committed every <see cref="BatchRows"/> rows.</summary>
    private sealed class InsertBatch : IDisposable
    {
        private static readonly string[] Names = ["$a", "$b", "$c", "$d", "$e", "$f", "$g", "$h", "$i", "$j"];
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;
        private SqliteTransaction _transaction;
        private int _pending;

        public InsertBatch(SqliteConnection connection, string sql, int parameterCount)
        {
            _connection = connection;
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

        public void Add(params object[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i];
            }

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
